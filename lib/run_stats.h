// What --stats reports: records and bytes in and out, wall seconds and peak resident memory, written as one JSON
// object. Filled in by the writing stage.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "lib/output_file.h"

namespace recpipe {

struct RunStats {
  uint64_t records_in = 0;
  uint64_t records_out = 0;
  uint64_t bytes_in = 0;
  uint64_t bytes_out = 0;
  uint64_t errors_skipped = 0;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

// Peak resident set size of this process so far, in bytes.
uint64_t PeakRssBytes();
// Resident set size of this process now, in bytes (/proc/self/statm).
uint64_t CurrentRssBytes();
// The JSON text of the statistics.
std::string StatsJson(const RunStats& stats);
// --stats FILE of one run ("-": standard error, since standard output carries data; "": no statistics).
// FILE is opened under a temporary name when the run starts, so that a FILE that cannot be written fails the run
// before any work. Commit writes it and puts it in place; a command calls it once its outputs are complete and
// before it renames them into place, so that a failure here leaves no output that looks finished (make(1) would
// take it for built). Should the run fail after Commit (an output's own rename), the destructor removes FILE
// again: a failed run leaves neither. Main thread only.
class StatsFile {
 public:
  explicit StatsFile(const std::string& path);
  ~StatsFile();
  StatsFile(const StatsFile&) = delete;
  StatsFile& operator=(const StatsFile&) = delete;

  void Commit(const RunStats& stats) { Commit(StatsJson(stats)); }
  // For a command that reports more than RunStats (parse-events).
  void Commit(const std::string& json);

 private:
  std::string path_;
  std::unique_ptr<OutputFile> file_;  // null for "" and "-"
  bool placed_ = false;               // FILE was renamed into place by Commit
  int exceptions_at_commit_ = 0;      // std::uncaught_exceptions() then: more at destruction means the run failed
};

}  // namespace recpipe
