#include "lib/lookahead_input.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "lib/input_file.h"

namespace recpipe {

size_t LookAheadInput::Read(char* buf, size_t n) {
  const size_t from_buffer = std::min(n, buffered());
  if (from_buffer != 0) {
    std::memcpy(buf, ahead_.data() + begin_, from_buffer);
    Skip(from_buffer);
  }
  if (from_buffer == n) return n;
  // The common case, no damage seen: straight from the input, no copy.
  const size_t got = in_.ReadFull(buf + from_buffer, n - from_buffer);
  from_input_ += got;
  return from_buffer + got;
}

std::string_view LookAheadInput::Peek(size_t n) {
  if (buffered() < n) {
    ahead_.erase(0, begin_);
    begin_ = 0;
    // Read in steps of 64 KiB, so that a search advancing one byte at a time does not read one byte at a time, and
    // so that a damaged length asking for more than the input holds costs only what the input holds.
    constexpr size_t kStep = size_t{1} << 16;
    while (ahead_.size() < n) {
      const size_t had = ahead_.size();
      ahead_.resize(had + kStep);
      const size_t got = in_.ReadFull(ahead_.data() + had, kStep);
      ahead_.resize(had + got);
      from_input_ += got;
      if (got < kStep) break;
    }
  }
  return std::string_view(ahead_).substr(begin_, n);
}

void LookAheadInput::Skip(size_t n) {
  begin_ += std::min(n, buffered());
  if (begin_ == ahead_.size()) {
    ahead_.clear();
    begin_ = 0;
  }
}

void LookAheadInput::Unread(std::string_view bytes) {
  if (bytes.size() <= begin_) {
    begin_ -= bytes.size();
    std::memcpy(ahead_.data() + begin_, bytes.data(), bytes.size());
    return;
  }
  std::string joined;
  joined.reserve(bytes.size() + buffered());
  joined.append(bytes).append(ahead_, begin_);
  ahead_ = std::move(joined);
  begin_ = 0;
}

}  // namespace recpipe
