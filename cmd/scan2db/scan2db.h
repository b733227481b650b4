// scan2db's options and its two runs: the usage database (scan.cc) and the entry stream (entry_stream.cc).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "cmd/scan2db/line_parser.h"
#include "lib/command_line.h"
#include "lib/input_file.h"
#include "lib/run_stats.h"

namespace recpipe::scan2db {

struct ScanOptions {
  CommonOptions common;
  std::string input = "-";
  std::optional<Dialect> dialect;       // --dialect; else detected
  std::optional<int64_t> scan_time_us;  // --scan-date
};

// The listing's dialect: --dialect, or detected from its first lines (a DataError when none fits).
Dialect ResolveDialect(const ScanOptions& options, InputFile& in);

// Reads the listing and writes the database to options.common.output.
void RunDatabase(const ScanOptions& options, InputFile& in, RunStats& stats, StatsFile& stats_file);

// Reads the listing and writes its entries as records (--to).
void RunEntryStream(const ScanOptions& options, InputFile& in, RunStats& stats, StatsFile& stats_file);

}  // namespace recpipe::scan2db
