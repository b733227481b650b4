#include "lib/run_stats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <iostream>

#include "lib/output_file.h"

namespace recpipe {

uint64_t PeakRssBytes() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<uint64_t>(ru.ru_maxrss) * 1024;
}

uint64_t CurrentRssBytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long long size = 0, resident = 0;
  int n = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  return n == 2 ? resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE)) : 0;
}

std::string StatsJson(const RunStats& s) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - s.start).count();
  return "{\"records_in\":" + std::to_string(s.records_in) + ",\"records_out\":" + std::to_string(s.records_out) +
         ",\"bytes_in\":" + std::to_string(s.bytes_in) + ",\"bytes_out\":" + std::to_string(s.bytes_out) +
         ",\"errors_skipped\":" + std::to_string(s.errors_skipped) + ",\"seconds\":" + std::to_string(seconds) +
         ",\"peak_rss_bytes\":" + std::to_string(PeakRssBytes()) + "}\n";
}

StatsFile::StatsFile(const std::string& path) : path_(path) {
  if (!path_.empty() && path_ != "-") file_ = std::make_unique<OutputFile>(path_);
}

StatsFile::~StatsFile() {
  if (placed_ && std::uncaught_exceptions() > exceptions_at_commit_ && file_->atomic()) ::unlink(path_.c_str());
}

void StatsFile::Commit(const std::string& json) {
  if (path_.empty()) return;
  if (!file_) {
    std::cerr << json;
    return;
  }
  file_->Write(json);
  file_->Commit();
  placed_ = true;
  exceptions_at_commit_ = std::uncaught_exceptions();
}

}  // namespace recpipe
