// A ByteSource over bytes in memory, for reading a stream held in a buffer and for tests. Reads may be cut short on
// purpose (at most max_read bytes, or a random 1..max_read with a seed) so that tests and fuzzers check that readers
// never assume a read fills their buffer. Owns a copy of the bytes; one thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <random>
#include <string>

#include "lib/decompress.h"

namespace recpipe {

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string data, size_t max_read = SIZE_MAX, std::optional<uint32_t> random_seed = {})
      : data_(std::move(data)), max_read_(std::max<size_t>(1, max_read)), random_(random_seed.has_value()),
        rng_(random_seed.value_or(0)) {}

  size_t Read(char* buf, size_t n) override {
    size_t most = random_ ? 1 + rng_() % max_read_ : max_read_;
    size_t k = std::min({n, data_.size() - pos_, most});
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  std::string data_;
  size_t pos_ = 0;
  size_t max_read_;
  bool random_;
  std::mt19937 rng_;
};

}  // namespace recpipe
