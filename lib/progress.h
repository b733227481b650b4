// A progress meter on standard error ("chunk: 41% 1.1 GB of 2.6 GB, 820 MB/s"). On a terminal it is one line,
// redrawn at most four times a second and cleared at the end. Asked for with --progress where standard error is
// not a terminal (a log file, a pipe), it writes plain lines instead, no control characters: one a second and a
// last one at Finish, so that even a run shorter than a second reports. Called from the writing stage only.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace recpipe {

class Progress {
 public:
  // Shown when `enabled` says so (--progress, --no-progress), or by default when stderr is a terminal and the
  // total is known; never when quiet.
  Progress(std::string name, std::optional<uint64_t> total, std::optional<bool> enabled, bool quiet);
  // Clears a terminal's line; no last line (the run may have failed).
  ~Progress();
  // done: input bytes (or items) done so far.
  void Update(uint64_t done);
  // The end of a successful run: clears the terminal's line, or writes the last line elsewhere.
  void Finish();

 private:
  void Draw(const char* end);

  std::string name_;
  std::optional<uint64_t> total_;
  bool on_ = false;
  bool terminal_ = false;
  bool drawn_ = false;
  bool finished_ = false;
  uint64_t done_ = 0;
  std::chrono::steady_clock::time_point start_, last_;
};

// "1.2 GB", "830 kB": decimal units, as disk and network speeds are quoted.
std::string HumanBytes(double bytes);

}  // namespace recpipe
