// A one-line progress meter on standard error ("chunk: 41% 1.1 GB of 2.6 GB, 820 MB/s"), redrawn at most four
// times a second. Called from the writing stage only.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace recpipe {

class Progress {
 public:
  // Shown when `enabled` says so, or by default when stderr is a terminal and the total is known.
  Progress(std::string name, std::optional<uint64_t> total, std::optional<bool> enabled, bool quiet);
  ~Progress();
  void Update(uint64_t done);
  // Clears the line.
  void Finish();

 private:
  std::string name_;
  std::optional<uint64_t> total_;
  bool on_ = false;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

// "1.2 GB", "830 kB": decimal units, as disk and network speeds are quoted.
std::string HumanBytes(double bytes);

}  // namespace recpipe
