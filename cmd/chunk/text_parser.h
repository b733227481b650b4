// The formats chunk reads (lines, CSV/TSV, JSON lines), each turning a block of whole lines into records. A parser
// is built once on the main thread, then Parse runs concurrently on worker threads: it must only read its own
// members (per-thread scratch lives in thread_local storage).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lib/batch_builder.h"
#include "lib/schema.h"
#include "lib/typed_text.h"

namespace recpipe::chunk {

// A bad row, found by a worker: its line counted from the block's first line (0-based), and what is wrong.
struct RowError {
  uint64_t line;
  std::string message;
};

struct ParseResult {
  uint64_t lines = 0;    // line feeds consumed (plus one for a last line without one)
  uint64_t records = 0;  // records produced
  std::vector<RowError> errors;
  void Clear() {
    lines = records = 0;
    errors.clear();
  }
};

class TextParser {
 public:
  virtual ~TextParser() = default;
  virtual const Schema& schema() const = 0;
  // Parses whole rows from text into builder; bad rows are skipped and listed in result->errors.
  virtual void Parse(std::string_view text, BatchBuilder& builder, ParseResult* result) const = 0;
};

// One `line` string field per line, without its LF (a CR before the LF is kept: nothing is lost).
std::unique_ptr<TextParser> MakeLineParser(Schema schema);

// Columns named by the header row; `types` gives a type per column name (string by default).
struct CsvSettings {
  char delimiter = ',';
  std::vector<std::string> header;
  std::vector<std::pair<std::string, DeclaredType>> types;
};
std::unique_ptr<TextParser> MakeCsvParser(Schema schema_base, const CsvSettings& settings);

// Values picked out of JSON objects by dotted paths, one nullable column each, and optionally the raw line.
struct JsonSettings {
  std::vector<std::string> fields;
  std::vector<std::pair<std::string, DeclaredType>> types;
  bool keep_line = false;
};
std::unique_ptr<TextParser> MakeJsonParser(Schema schema_base, const JsonSettings& settings);

}  // namespace recpipe::chunk
