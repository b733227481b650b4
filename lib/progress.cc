#include "lib/progress.h"

#include <unistd.h>

#include <cstdio>

namespace recpipe {

std::string HumanBytes(double bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
  int u = 0;
  while (bytes >= 1000 && u < 5) {
    bytes /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return buf;
}

Progress::Progress(std::string name, std::optional<uint64_t> total, std::optional<bool> enabled, bool quiet)
    : name_(std::move(name)), total_(total) {
  on_ = !quiet && (enabled ? *enabled : (isatty(STDERR_FILENO) && total.has_value()));
  start_ = last_ = std::chrono::steady_clock::now();
}

Progress::~Progress() { Finish(); }

void Progress::Update(uint64_t done) {
  if (!on_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(250)) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  std::string rate = HumanBytes(seconds > 0 ? done / seconds : 0) + "/s";
  if (total_ && *total_ > 0) {
    std::fprintf(stderr, "\r%s: %3.0f%% %s of %s, %s  ", name_.c_str(), 100.0 * done / *total_,
                 HumanBytes(done).c_str(), HumanBytes(*total_).c_str(), rate.c_str());
  } else {
    std::fprintf(stderr, "\r%s: %s, %s  ", name_.c_str(), HumanBytes(done).c_str(), rate.c_str());
  }
  drawn_ = true;
}

void Progress::Finish() {
  if (drawn_) std::fprintf(stderr, "\r\033[K");
  drawn_ = false;
}

}  // namespace recpipe
