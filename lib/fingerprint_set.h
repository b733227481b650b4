// A set of 128-bit key fingerprints (XXH3-128 of a key's bytes), for deduplication at a fixed, small cost per key:
// 16-byte slots in open-addressing tables with linear probing, each grown by 1.25x when 85% full, so that it holds
// between 18.8 and 23.6 bytes per distinct key. The set is split by the fingerprint's top byte into 256 shards that
// grow one at a time, so the old and new table of a growing shard add only 1/256 of the set for that moment,
// instead of doubling the peak. Debian's alternatives were weighed against that budget: absl::flat_hash_set
// doubles (up to 39 bytes per key after growing, 58 while growing) and sparsehash's sparse_hash_set is compact but
// several times slower. Two different keys share a fingerprint with probability about n^2 / 2^129 for n keys.
// Not thread-safe; one owner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "lib/prefetch.h"

namespace recpipe {

struct Fingerprint {
  uint64_t low = 0;
  uint64_t high = 0;
  bool operator==(const Fingerprint&) const = default;
};

Fingerprint FingerprintOf(std::string_view key);

class FingerprintSet {
 public:
  FingerprintSet();
  // Adds the fingerprint; returns true when it was not there before.
  bool Insert(Fingerprint fp) { return shards_[Stored(fp).high >> 56].Insert(Stored(fp)); }
  bool Contains(Fingerprint fp) const { return shards_[Stored(fp).high >> 56].Contains(Stored(fp)); }
  // Starts loading the slot where fp would be: a caller about to insert many fingerprints prefetches a few ahead,
  // so that the cache misses of a large set overlap instead of coming one after another.
  void Prefetch(Fingerprint fp) const { shards_[Stored(fp).high >> 56].Prefetch(Stored(fp)); }
  size_t size() const;
  // Bytes held by the tables.
  size_t memory_bytes() const;
  // Calls fn(Fingerprint) for every member, in no particular order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (size_t i = 0; i < 256; ++i) shards_[i].ForEach(fn);
  }
  // Empties the set and gives its memory back.
  void Clear();
  // Calls fn(Fingerprint) for every member of shard `shard` (the members whose high byte is `shard`), then
  // empties that shard: a set can be moved elsewhere with 1/256 of it copied at a time.
  template <typename Fn>
  void DrainShard(size_t shard, Fn&& fn) {
    shards_[shard].ForEach(fn);
    shards_[shard] = Shard();
  }

 private:
  // One open-addressing table; slots are found from the fingerprint's low half (the high byte picked the shard).
  class Shard {
   public:
    Shard();
    bool Insert(const Fingerprint& fp);
    bool Contains(const Fingerprint& fp) const;
    void Prefetch(const Fingerprint& fp) const { PrefetchForRead(&slots_[Slot(fp)]); }
    size_t size() const { return size_; }
    size_t capacity() const { return capacity_; }
    template <typename Fn>
    void ForEach(Fn&& fn) const {
      for (size_t i = 0; i < capacity_; ++i) {
        if (slots_[i].low != 0 || slots_[i].high != 0) fn(slots_[i]);
      }
    }

   private:
    size_t Slot(const Fingerprint& fp) const {
      // Lemire's multiply-shift maps the hash onto [0, capacity) without a power-of-two size.
      __extension__ using Wide = unsigned __int128;
      return static_cast<size_t>((static_cast<Wide>(fp.low) * capacity_) >> 64);
    }
    void Grow();

    std::unique_ptr<Fingerprint[]> slots_;
    size_t capacity_ = 0;
    size_t size_ = 0;
    size_t grow_at_ = 0;
  };

  // All-zero marks an empty slot, so no stored value is all zero.
  static Fingerprint Stored(Fingerprint fp) {
    if (fp.low == 0 && fp.high == 0) fp.low = 1;  // one chance in 2^128: folded onto a neighbour
    return fp;
  }

  std::unique_ptr<Shard[]> shards_;
};

}  // namespace recpipe
