// --memory: a blocked Bloom filter over the fingerprints spilled to disk, so that a key that was never spilled
// (most keys, in a run with many distinct ones) is answered from memory instead of by a look-up in SQLite.
// Blocked: the bits of one key lie in one 64-byte block, one cache miss per query (Putze, Sanders, Singler,
// "Cache-, hash- and space-efficient Bloom filters", 2007). The fingerprints are already uniform hashes, so
// their bits pick the block and the bits in it directly. Debian's libbloom was weighed: it hashes each key
// again (MurmurHash2) and touches k cache lines per query.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "lib/fingerprint_set.h"

namespace recpipe::dedupe {

class SpillFilter {
 public:
  // A filter of about `bytes` bytes (at least one block). Its false-positive rate grows with the keys added:
  // with b bits per key, about (1 - e^(-4/b))^4, e.g. 2.4% at 8 bits per key and 16% at 4.
  explicit SpillFilter(size_t bytes);
  void Add(const Fingerprint& fp) {
    uint64_t* block = Block(fp);
    for (int i = 0; i < kBitsPerKey; ++i) {
      unsigned bit = Bit(fp, i);
      block[bit >> 6] |= uint64_t{1} << (bit & 63);
    }
  }
  bool MayContain(const Fingerprint& fp) const {
    const uint64_t* block = Block(fp);
    for (int i = 0; i < kBitsPerKey; ++i) {
      unsigned bit = Bit(fp, i);
      if (!(block[bit >> 6] & (uint64_t{1} << (bit & 63)))) return false;
    }
    return true;
  }
  size_t bytes() const { return blocks_ * kBlockWords * sizeof(uint64_t); }

 private:
  static constexpr int kBitsPerKey = 4;
  static constexpr size_t kBlockWords = 8;  // 512 bits, one cache line
  // The block from the high half (multiply-shift onto [0, blocks_)), the bits from 9-bit slices of the low half:
  // the in-memory set picks slots with the top of the low half and shards with the top byte of the high half,
  // which are unrelated to both.
  uint64_t* Block(const Fingerprint& fp) const {
    __extension__ using Wide = unsigned __int128;
    return bits_.get() + static_cast<size_t>((static_cast<Wide>(fp.high) * blocks_) >> 64) * kBlockWords;
  }
  static unsigned Bit(const Fingerprint& fp, int i) { return static_cast<unsigned>(fp.low >> (9 * i)) & 511; }

  size_t blocks_;
  std::unique_ptr<uint64_t[]> bits_;
};

}  // namespace recpipe::dedupe
