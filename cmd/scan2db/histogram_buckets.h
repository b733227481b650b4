// The bucket edges of access_histogram and size_histogram, those of the tool users query today so that their
// reports keep their rows: ten buckets each, the last one open.
#pragma once
#include <array>
#include <cstdint>

namespace recpipe::scan2db {

inline constexpr int kBuckets = 10;

// Upper edges (exclusive) in days since last access, counted in whole calendar days (UTC) from the access date
// to the scan date; an access after the scan date falls in bucket 0.
inline constexpr std::array<int64_t, kBuckets - 1> kAgeEdgesDays = {30, 90, 180, 365, 730, 1095, 1460, 2190, 2555};

// Upper edges (exclusive) in logical bytes: 1 KiB, 10 KiB, ... 100 GiB.
inline constexpr std::array<uint64_t, kBuckets - 1> kSizeEdges = {1ull << 10, 10ull << 10, 100ull << 10,
                                                                  1ull << 20, 10ull << 20, 100ull << 20,
                                                                  1ull << 30, 10ull << 30, 100ull << 30};

inline int AgeBucket(int64_t days_old) {
  for (int i = 0; i < kBuckets - 1; ++i) {
    if (days_old < kAgeEdgesDays[i]) return i;
  }
  return kBuckets - 1;
}

inline int SizeBucket(uint64_t bytes) {
  for (int i = 0; i < kBuckets - 1; ++i) {
    if (bytes < kSizeEdges[i]) return i;
  }
  return kBuckets - 1;
}

}  // namespace recpipe::scan2db
