// parse-gtfs: a GTFS feed (zip, folder, or a zip on standard input) into one typed table per file.
#pragma once

#include <string>
#include <vector>

#include "cmd/parse_gtfs/feed_filter.h"
#include "cmd/parse_gtfs/feed_source.h"
#include "lib/command_line.h"
#include "lib/record_sink.h"
#include "lib/run_stats.h"
#include "lib/stream_format.h"

namespace recpipe::parse_gtfs {

inline constexpr const char* kCommand = "parse-gtfs";

struct GtfsOptions {
  CommonOptions common;
  std::string input = "-";
  std::vector<std::string> tables;  // --tables: only these files (table names, without .txt); empty: all
  bool latin1 = false;              // --encoding latin1
  bool join = false;                // --join
  bool check = false;               // --check: the notices of the whole feed instead of its tables
  std::string lang;                 // --lang: the language to translate to; empty: none
  FilterOptions filter;             // --date, --dates, --routes, --agency
  size_t batch_bytes = kDefaultBatchBytes;
  size_t block_bytes = 1 << 20;  // bytes of CSV per parallel work item
};

// Reads the feed into the sink; problems go to the notices (and to errors past --max-errors). Throws DataError.
void RunGtfs(const GtfsOptions& options, RecordSink& sink, RunStats& stats);
// The same for a feed already open (options.input only names it in messages).
void RunFeed(const GtfsOptions& options, Feed& feed, RecordSink& sink, RunStats& stats);

}  // namespace recpipe::parse_gtfs
