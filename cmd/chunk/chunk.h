// chunk: line-based text (lines, CSV, TSV, JSON lines) or a record stream in; records, pieces or a plan out.
// See man/chunk.1. The pieces here run on the main thread and start the ordered pipeline themselves.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lib/command_line.h"
#include "lib/input_file.h"
#include "lib/record_sink.h"
#include "lib/run_stats.h"
#include "lib/schema.h"
#include "lib/typed_text.h"

namespace recpipe::chunk {

enum class Format { kAuto, kLines, kCsv, kTsv, kJsonl, kRec };

struct ChunkOptions {
  CommonOptions common;
  std::string input = "-";
  Format format = Format::kAuto;
  std::string table;                               // --table, else from the input name
  std::vector<std::pair<std::string, DeclaredType>> types;  // --types
  std::vector<std::string> fields;                 // --fields
  bool keep_line = false;                          // --keep-line
  std::optional<char> delimiter;                   // --delimiter
  std::optional<std::pair<uint64_t, uint64_t>> part;  // --part K/N
  std::optional<uint64_t> plan;                       // --plan N
  size_t batch_bytes = 1 << 20;                       // --batch-size
};

// The format a file name suggests (extension, under a compression extension), or kLines.
Format FormatFromName(const std::string& path);
// The default table name: the file's base name without format and compression extensions; "stdin" for "-".
std::string TableNameFromPath(const std::string& path);

// Text in: parse blocks on the workers and write records in order. Returns records read.
void RunTextInput(const ChunkOptions& options, Format format, InputFile& in, RecordSink& sink, RunStats& stats);
// Record stream in: re-batch, render or split it.
void RunStreamInput(const ChunkOptions& options, InputFile& in, RecordSink& sink, RunStats& stats);
// --plan N: the byte ranges of the N pieces as TSV lines on out.
void PrintPlan(InputFile& in, uint64_t n, std::string* out);

}  // namespace recpipe::chunk
