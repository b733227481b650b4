// Per-uid figures for owner_summary, size_histogram and access_histogram: a handful of counters per user, so a
// hash map from uid. Access ages are kept per day of last access and put into buckets only at the end, when the
// scan date is known (it may be the newest time in the listing). Not thread-safe: each parsing worker fills its
// own (BlockSummary), merged into the aggregate's at the end.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "cmd/scan2db/day_counts.h"
#include "cmd/scan2db/histogram_buckets.h"

namespace recpipe::scan2db {

struct CountAndBytes {
  uint64_t count = 0;
  uint64_t bytes = 0;
};

struct OwnerTotals {
  uint64_t files = 0;
  uint64_t bytes = 0;    // counted bytes (allocated where known); a hard-linked inode once
  uint64_t logical = 0;  // logical bytes; a hard-linked inode once
  uint64_t directories = 0;
  std::array<CountAndBytes, kBuckets> sizes{};
};

class OwnerTable {
 public:
  OwnerTotals& operator[](uint32_t uid) { return Find(uid); }
  // Files by day of last access (days since 1970, UTC).
  DayCounts::Slot& AccessDay(uint32_t uid, int64_t day) { return access_days_.At(uid, day); }
  const DayCounts& access_days() const { return access_days_; }
  void PrefetchAccessDay(uint32_t uid, int64_t day) const { access_days_.Prefetch(uid, day); }
  // One file of uid: its count, size bucket and day of last access (when it has times). A hard-linked inode's
  // (shared) bytes are left out here: they count once, when the aggregate has seen all its paths.
  void AddFile(uint32_t uid, uint64_t size, uint64_t bytes, int64_t day, bool has_times, bool shared) {
    OwnerTotals& o = Find(uid);
    o.files++;
    CountAndBytes& size_bucket = o.sizes[SizeBucket(size)];
    size_bucket.count++;
    if (!shared) {
      o.bytes += bytes;
      o.logical += size;
      size_bucket.bytes += bytes;
    }
    if (has_times) {
      DayCounts::Slot& age = AccessDay(uid, day);
      age.count++;
      if (!shared) age.bytes += bytes;
    }
  }
  // Adds other's figures to these (sums, so the order of merges does not matter).
  void Merge(const OwnerTable& other) {
    for (const auto& [uid, from] : other.owners_) {
      OwnerTotals& to = Find(uid);
      to.files += from.files;
      to.bytes += from.bytes;
      to.logical += from.logical;
      to.directories += from.directories;
      for (int b = 0; b < kBuckets; ++b) {
        to.sizes[b].count += from.sizes[b].count;
        to.sizes[b].bytes += from.sizes[b].bytes;
      }
    }
    access_days_.Reserve(access_days_.size() + other.access_days_.size());
    other.access_days_.ForEach([&](uint32_t uid, int64_t day, const DayCounts::Slot& from) {
      DayCounts::Slot& to = access_days_.At(uid, day);
      to.count += from.count;
      to.bytes += from.bytes;
    });
  }
  // In uid order, for output that does not depend on hashing.
  std::map<uint32_t, const OwnerTotals*> Sorted() const {
    std::map<uint32_t, const OwnerTotals*> out;
    for (const auto& [uid, totals] : owners_) out.emplace(uid, &totals);
    return out;
  }

 private:
  // The totals of uid, made on first use: an open-addressing table of indexes into owners_ (a listing has hundreds
  // or thousands of uids, and every file looks one up; std::unordered_map cost 3% of a run).
  OwnerTotals& Find(uint32_t uid) {
    for (size_t i = Hash(uid) & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const uint32_t slot = slots_[i];
      if (slot == 0) {
        if ((owners_.size() + 1) * 2 > slots_.size()) {  // kept at most half full
          Grow();
          return Find(uid);
        }
        owners_.emplace_back(uid, OwnerTotals{});
        slots_[i] = static_cast<uint32_t>(owners_.size());
        return owners_.back().second;
      }
      if (owners_[slot - 1].first == uid) return owners_[slot - 1].second;
    }
  }
  static size_t Hash(uint32_t uid) { return (uid * uint64_t{0x9E3779B97F4A7C15}) >> 32; }
  void Grow() {
    slots_.assign(slots_.size() * 2, 0);
    for (size_t k = 0; k < owners_.size(); ++k) {
      size_t i = Hash(owners_[k].first) & (slots_.size() - 1);
      while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = static_cast<uint32_t>(k + 1);
    }
  }

  std::vector<std::pair<uint32_t, OwnerTotals>> owners_;  // in order of first appearance
  std::vector<uint32_t> slots_ = std::vector<uint32_t>(64, 0);  // index in owners_ + 1; 0 = empty
  DayCounts access_days_;
};

}  // namespace recpipe::scan2db
