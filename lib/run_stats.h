// What --stats reports: records and bytes in and out, wall seconds and peak resident memory, written as one JSON
// object. Filled in by the writing stage.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

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
// Writes StatsJson to path (atomically; "-" is standard error, since standard output carries data).
void WriteStats(const std::string& path, const RunStats& stats);

}  // namespace recpipe
