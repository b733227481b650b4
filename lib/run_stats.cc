#include "lib/run_stats.h"

#include <sys/resource.h>

#include <iostream>

#include "lib/output_file.h"

namespace recpipe {

uint64_t PeakRssBytes() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<uint64_t>(ru.ru_maxrss) * 1024;
}

std::string StatsJson(const RunStats& s) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - s.start).count();
  return "{\"records_in\":" + std::to_string(s.records_in) + ",\"records_out\":" + std::to_string(s.records_out) +
         ",\"bytes_in\":" + std::to_string(s.bytes_in) + ",\"bytes_out\":" + std::to_string(s.bytes_out) +
         ",\"errors_skipped\":" + std::to_string(s.errors_skipped) + ",\"seconds\":" + std::to_string(seconds) +
         ",\"peak_rss_bytes\":" + std::to_string(PeakRssBytes()) + "}\n";
}

void WriteStats(const std::string& path, const RunStats& stats) {
  std::string json = StatsJson(stats);
  if (path == "-") {
    std::cerr << json;
    return;
  }
  OutputFile out(path);
  out.Write(json);
  out.Commit();
}

}  // namespace recpipe
