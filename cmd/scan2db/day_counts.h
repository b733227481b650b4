// Files and bytes per (uid, day of last access): an open-addressing table of 24-byte slots, one probe in the
// common case, since the aggregate touches it for every file (std::unordered_map cost 14% of a run here).
// The pairs of a big listing do not fit in cache and a file's pair is as good as random, so each probe is a miss to
// memory: callers that know the pairs ahead (a block's entries) Prefetch them a few entries before At.
// Not thread-safe: one per parsing worker (see owner_totals.h).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "lib/huge_page_allocator.h"
#include "lib/prefetch.h"

namespace recpipe::scan2db {

class DayCounts {
 public:
  struct Slot {
    uint64_t key = 0;  // (uid << 32 | day + 2^31) + 1; 0 = empty
    uint64_t count = 0;
    uint64_t bytes = 0;
  };

  DayCounts() : slots_(1 << 12) {}

  // The counters of (uid, day); day in days since 1970 (int32 range: years -5.8M..5.8M).
  Slot& At(uint32_t uid, int64_t day) {
    const uint64_t key = Key(uid, day);
    if (used_ * 4 >= slots_.size() * 3) Grow();
    for (size_t i = Hash(key) & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      Slot& s = slots_[i];
      if (s.key == key) return s;
      if (s.key == 0) {
        s.key = key;
        ++used_;
        return s;
      }
    }
  }

  // Starts loading the slot where At(uid, day) will look first (both cache lines a slot may straddle).
  void Prefetch(uint32_t uid, int64_t day) const {
    const Slot* s = &slots_[Hash(Key(uid, day)) & (slots_.size() - 1)];
    PrefetchForRead(s);
    PrefetchForRead(reinterpret_cast<const char*>(s) + sizeof(Slot) - 1);
  }

  // Makes room for `pairs` pairs without growing. Merging one table into another walks the first in slot order,
  // which is hash order: into a table that is smaller, or grows on the way, those keys pile up in long runs of
  // linear probing (a merge at the end of a run took 400 ns a pair). Sized first, it inserts as At does.
  void Reserve(size_t pairs) {
    while (pairs * 4 >= slots_.size() * 3) Grow();
  }
  size_t size() const { return used_; }

  // Calls f(uid, day, slot) for every pair.
  template <typename F>
  void ForEach(F f) const {
    for (const Slot& s : slots_) {
      if (s.key == 0) continue;
      const uint64_t k = s.key - 1;
      f(static_cast<uint32_t>(k >> 32), static_cast<int64_t>(k & 0xffffffffu) - (int64_t{1} << 31), s);
    }
  }

 private:
  static uint64_t Key(uint32_t uid, int64_t day) {
    return ((static_cast<uint64_t>(uid) << 32) | static_cast<uint32_t>(day + (int64_t{1} << 31))) + 1;
  }
  static uint64_t Hash(uint64_t k) {  // MurmurHash3's fmix64: both rounds, or neighbouring days cluster
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
  }
  void Grow() {
    Table old(slots_.size() * 2);
    old.swap(slots_);
    for (const Slot& s : old) {
      if (s.key == 0) continue;
      size_t i = Hash(s.key) & (slots_.size() - 1);
      while (slots_[i].key != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = s;
    }
  }

  using Table = std::vector<Slot, HugePageAllocator<Slot>>;
  Table slots_;
  size_t used_ = 0;
};

}  // namespace recpipe::scan2db
