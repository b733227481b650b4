// scan2db's per-uid figures (OwnerTable) and per-(uid, day) counters (DayCounts): open-addressing tables that grow
// while they are filled and when worker tables are merged. Checked against std::map over enough uids and days to
// make both tables grow many times (the day table then passes 2 MiB, where HugePageAllocator takes over).
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "cmd/scan2db/day_counts.h"
#include "cmd/scan2db/histogram_buckets.h"
#include "cmd/scan2db/owner_totals.h"

namespace recpipe::scan2db {
namespace {

struct Want {
  uint64_t files = 0, bytes = 0, logical = 0, directories = 0;
  std::map<int, std::pair<uint64_t, uint64_t>> sizes;  // bucket -> count, bytes
};

TEST(OwnerTable, ThousandsOfUidsAndDaysKeepTheirFiguresThroughGrowthAndMerges) {
  std::mt19937_64 random(11);
  std::map<uint32_t, Want> want;
  std::map<std::pair<uint32_t, int64_t>, std::pair<uint64_t, uint64_t>> want_days;  // count, bytes
  // Three workers' tables, one of them left empty, merged into a table that already holds figures of its own.
  OwnerTable workers[3];
  OwnerTable total;
  for (int i = 0; i < 200000; ++i) {
    const uint64_t r = random();
    // uids 0 and 4294967295 (the ends of their type) among 6000 others; days on both sides of 1970.
    const uint32_t uid = r % 97 == 0 ? 0u : r % 89 == 0 ? UINT32_MAX : static_cast<uint32_t>(r % 6000) * 7919u;
    const int64_t day = static_cast<int64_t>((r >> 20) % 60000) - 30000;
    const uint64_t size = (r >> 40) % (uint64_t{1} << (r % 40));
    const uint64_t bytes = size + 4096;
    const bool has_times = r % 5 != 0, shared = r % 31 == 0;
    OwnerTable& table = i % 4 == 3 ? total : workers[i % 2];
    table.AddFile(uid, size, bytes, day, has_times, shared);
    if (r % 13 == 0) table[uid].directories++;
    Want& w = want[uid];
    w.files++;
    w.directories += r % 13 == 0;
    auto& bucket = w.sizes[SizeBucket(size)];
    bucket.first++;
    if (!shared) {
      w.bytes += bytes;
      w.logical += size;
      bucket.second += bytes;
    }
    if (has_times) {
      auto& d = want_days[{uid, day}];
      d.first++;
      if (!shared) d.second += bytes;
    }
  }
  for (const OwnerTable& w : workers) total.Merge(w);

  const std::map<uint32_t, const OwnerTotals*> got = total.Sorted();
  ASSERT_EQ(got.size(), want.size());
  for (const auto& [uid, w] : want) {
    auto it = got.find(uid);
    ASSERT_NE(it, got.end()) << uid;
    const OwnerTotals& o = *it->second;
    EXPECT_EQ(o.files, w.files) << uid;
    EXPECT_EQ(o.bytes, w.bytes) << uid;
    EXPECT_EQ(o.logical, w.logical) << uid;
    EXPECT_EQ(o.directories, w.directories) << uid;
    for (int b = 0; b < kBuckets; ++b) {
      auto s = w.sizes.find(b);
      const std::pair<uint64_t, uint64_t> expected = s == w.sizes.end() ? std::pair<uint64_t, uint64_t>{} : s->second;
      EXPECT_EQ(o.sizes[b].count, expected.first) << uid << " bucket " << b;
      EXPECT_EQ(o.sizes[b].bytes, expected.second) << uid << " bucket " << b;
    }
  }
  // Every (uid, day) pair exactly once, with its sums.
  std::map<std::pair<uint32_t, int64_t>, std::pair<uint64_t, uint64_t>> got_days;
  total.access_days().ForEach([&](uint32_t uid, int64_t day, const DayCounts::Slot& s) {
    EXPECT_TRUE(got_days.emplace(std::make_pair(uid, day), std::make_pair(s.count, s.bytes)).second)
        << "pair given twice: " << uid << " " << day;
  });
  EXPECT_EQ(total.access_days().size(), want_days.size());
  EXPECT_EQ(got_days, want_days);
}

TEST(DayCounts, ReserveKeepsEveryPairAndTheirCounters) {
  // Reserve grows a table that already holds pairs: they must all be found again, and new ones added after it.
  DayCounts days;
  for (uint32_t uid = 0; uid < 1000; ++uid) days.At(uid, -int64_t{uid}).count = uid + 1;
  days.Reserve(100000);
  for (uint32_t uid = 0; uid < 1000; ++uid) ASSERT_EQ(days.At(uid, -int64_t{uid}).count, uid + 1) << uid;
  for (uint32_t uid = 1000; uid < 100000; ++uid) days.At(uid, uid).count = 1;
  EXPECT_EQ(days.size(), 100000u);
  uint64_t sum = 0;
  days.ForEach([&](uint32_t, int64_t, const DayCounts::Slot& s) { sum += s.count; });
  EXPECT_EQ(sum, 1000u * 1001u / 2 + 99000u);
}

}  // namespace
}  // namespace recpipe::scan2db
