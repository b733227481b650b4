// Per-uid figures for owner_summary, size_histogram and access_histogram: a handful of counters per user, so a
// hash map from uid. Access ages are kept per day of last access and put into buckets only at the end, when the
// scan date is known (it may be the newest time in the listing). Not thread-safe: each parsing worker fills its
// own (BlockSummary), merged into the aggregate's at the end.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <unordered_map>

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
  OwnerTotals& operator[](uint32_t uid) { return owners_[uid]; }
  // Files by day of last access (days since 1970, UTC).
  DayCounts::Slot& AccessDay(uint32_t uid, int64_t day) { return access_days_.At(uid, day); }
  const DayCounts& access_days() const { return access_days_; }
  void PrefetchAccessDay(uint32_t uid, int64_t day) const { access_days_.Prefetch(uid, day); }
  // One file of uid: its count, size bucket and day of last access (when it has times). A hard-linked inode's
  // (shared) bytes are left out here: they count once, when the aggregate has seen all its paths.
  void AddFile(uint32_t uid, uint64_t size, uint64_t bytes, int64_t day, bool has_times, bool shared) {
    OwnerTotals& o = owners_[uid];
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
      OwnerTotals& to = owners_[uid];
      to.files += from.files;
      to.bytes += from.bytes;
      to.logical += from.logical;
      to.directories += from.directories;
      for (int b = 0; b < kBuckets; ++b) {
        to.sizes[b].count += from.sizes[b].count;
        to.sizes[b].bytes += from.sizes[b].bytes;
      }
    }
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
  std::unordered_map<uint32_t, OwnerTotals> owners_;
  DayCounts access_days_;
};

}  // namespace recpipe::scan2db
