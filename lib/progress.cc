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
  terminal_ = isatty(STDERR_FILENO);
  on_ = !quiet && (enabled ? *enabled : (terminal_ && total.has_value()));
  start_ = last_ = std::chrono::steady_clock::now();
}

Progress::~Progress() {
  if (on_ && terminal_ && drawn_) std::fprintf(stderr, "\r\033[K");
}

void Progress::Draw(const char* end) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string rate = HumanBytes(seconds > 0 ? done_ / seconds : 0) + "/s";
  const char* start = terminal_ ? "\r" : "";
  if (total_ && *total_ > 0) {
    std::fprintf(stderr, "%s%s: %3.0f%% %s of %s, %s%s", start, name_.c_str(), 100.0 * done_ / *total_,
                 HumanBytes(done_).c_str(), HumanBytes(*total_).c_str(), rate.c_str(), end);
  } else {
    std::fprintf(stderr, "%s%s: %s, %s%s", start, name_.c_str(), HumanBytes(done_).c_str(), rate.c_str(), end);
  }
  drawn_ = true;
}

void Progress::Update(uint64_t done) {
  if (!on_) return;
  done_ = done;
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(terminal_ ? 250 : 1000)) return;
  last_ = now;
  Draw(terminal_ ? "  " : "\n");
}

void Progress::Finish() {
  if (!on_ || finished_) return;
  finished_ = true;
  if (terminal_) {
    if (drawn_) std::fprintf(stderr, "\r\033[K");
    drawn_ = false;
  } else {
    Draw("\n");
  }
}

}  // namespace recpipe
