// FingerprintSet keeps every distinct fingerprint once, through many growths, within its memory budget (18.8 to 24
// bytes per key); an all-zero fingerprint (the empty-slot marker inside) is a value like any other; fingerprints
// that land on the same slot, or on the last one, are all kept. FingerprintOf is XXH3-128.
#include "lib/fingerprint_set.h"
#include "tests/unit/random_fingerprints.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace recpipe {
namespace {

using testing_support::RandomFingerprints;

TEST(FingerprintSet, EmptyContainsNothing) {
  FingerprintSet set;
  EXPECT_EQ(set.size(), 0u);
  EXPECT_FALSE(set.Contains({1, 2}));
  EXPECT_FALSE(set.Contains({0, 0}));
  EXPECT_GT(set.memory_bytes(), 0u);
}

TEST(FingerprintSet, InsertIsTrueOncePerValue) {
  FingerprintSet set;
  std::vector<Fingerprint> fps = RandomFingerprints(1000, 1);
  for (const Fingerprint& fp : fps) {
    EXPECT_FALSE(set.Contains(fp));
    EXPECT_TRUE(set.Insert(fp));
    EXPECT_TRUE(set.Contains(fp));
  }
  EXPECT_EQ(set.size(), 1000u);
  for (const Fingerprint& fp : fps) EXPECT_FALSE(set.Insert(fp));
  EXPECT_EQ(set.size(), 1000u);
  // Values that differ in one half only are different values.
  EXPECT_FALSE(set.Contains({fps[0].low, fps[0].high ^ 1}));
  EXPECT_FALSE(set.Contains({fps[0].low ^ 1, fps[0].high}));
  EXPECT_TRUE(set.Insert({fps[0].low, fps[0].high ^ 1}));
  EXPECT_TRUE(set.Insert({fps[0].low ^ 1, fps[0].high}));
  EXPECT_EQ(set.size(), 1002u);
}

TEST(FingerprintSet, GrowthKeepsEveryValue) {
  constexpr size_t kN = 1000000;
  FingerprintSet set;
  std::vector<Fingerprint> fps = RandomFingerprints(kN, 2);
  size_t inserted = 0;
  for (const Fingerprint& fp : fps) inserted += set.Insert(fp) ? 1 : 0;
  EXPECT_EQ(inserted, kN);
  ASSERT_EQ(set.size(), kN);
  size_t missing = 0, reinserted = 0;
  for (const Fingerprint& fp : fps) {
    missing += set.Contains(fp) ? 0 : 1;
    reinserted += set.Insert(fp) ? 1 : 0;
  }
  EXPECT_EQ(missing, 0u);
  EXPECT_EQ(reinserted, 0u);
  EXPECT_EQ(set.size(), kN);
  size_t false_hits = 0;
  for (const Fingerprint& fp : RandomFingerprints(100000, 3)) false_hits += set.Contains(fp) ? 1 : 0;
  EXPECT_EQ(false_hits, 0u);
}

TEST(FingerprintSet, MemoryPerKeyStaysInBudget) {
  constexpr size_t kN = 1000000;
  FingerprintSet set;
  size_t checked = 0, growths = 0, last_bytes = set.memory_bytes();
  for (const Fingerprint& fp : RandomFingerprints(kN, 4)) {
    ASSERT_TRUE(set.Insert(fp));
    if (set.memory_bytes() != last_bytes) {
      ++growths;
      EXPECT_GT(set.memory_bytes(), last_bytes);
      last_bytes = set.memory_bytes();
    }
    // 256 shards of 16 slots at first: the budget holds once every shard has grown past its first table.
    if (set.size() <= 50000) continue;
    double per_key = static_cast<double>(set.memory_bytes()) / static_cast<double>(set.size());
    ++checked;
    if (per_key > 24.0 || per_key < 18.8) {
      ADD_FAILURE() << per_key << " bytes per key with " << set.size() << " keys (" << set.memory_bytes()
                    << " bytes)";
      break;
    }
  }
  EXPECT_EQ(checked, kN - 50000);
  // Each of the 256 shards grows 1.25x from 16 slots to hold about 3,900 keys at 85% load: about 26 growths each,
  // one shard at a time.
  EXPECT_GE(growths, 20u * 256);
  EXPECT_LE(growths, 32u * 256);
}

TEST(FingerprintSet, AllZeroFingerprintIsAValue) {
  const Fingerprint zero{0, 0};
  FingerprintSet set;
  EXPECT_FALSE(set.Contains(zero));
  EXPECT_TRUE(set.Insert(zero));
  EXPECT_TRUE(set.Contains(zero));
  EXPECT_FALSE(set.Insert(zero));
  EXPECT_EQ(set.size(), 1u);
  // It survives growths and does not hide other values.
  std::vector<Fingerprint> fps = RandomFingerprints(50000, 5);
  for (const Fingerprint& fp : fps) EXPECT_TRUE(set.Insert(fp));
  EXPECT_TRUE(set.Contains(zero));
  EXPECT_FALSE(set.Insert(zero));
  EXPECT_EQ(set.size(), 50001u);
  for (const Fingerprint& fp : fps) EXPECT_TRUE(set.Contains(fp));
  EXPECT_FALSE(set.Contains({0, 2}));
  EXPECT_FALSE(set.Contains({2, 0}));

  FingerprintSet late;  // added after growths
  for (const Fingerprint& fp : fps) late.Insert(fp);
  EXPECT_FALSE(late.Contains(zero));
  EXPECT_TRUE(late.Insert(zero));
  EXPECT_TRUE(late.Contains(zero));
  EXPECT_EQ(late.size(), 50001u);
}

TEST(FingerprintSet, SameSlotAndWrapAround) {
  // The slot comes from the high half only: values sharing it, including at the very end of the table (probing
  // wraps around to the start), are all kept through growths.
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  FingerprintSet set;
  for (uint64_t i = 0; i < 5000; ++i) {
    ASSERT_TRUE(set.Insert({i + 1, kMax}));
    ASSERT_TRUE(set.Insert({i + 1, 42}));
  }
  EXPECT_EQ(set.size(), 10000u);
  for (uint64_t i = 0; i < 5000; ++i) {
    EXPECT_TRUE(set.Contains({i + 1, kMax}));
    EXPECT_TRUE(set.Contains({i + 1, 42}));
    EXPECT_FALSE(set.Insert({i + 1, kMax}));
  }
  EXPECT_FALSE(set.Contains({5001, kMax}));
  EXPECT_FALSE(set.Contains({0, kMax}));
  EXPECT_FALSE(set.Contains({1, kMax - 1}));
}

TEST(FingerprintOf, IsXxh3_128) {
  for (std::string key : {std::string(), std::string("a"), std::string("\0\0\0", 3), std::string(1000, 'x')}) {
    XXH128_hash_t h = XXH3_128bits(key.data(), key.size());
    Fingerprint fp = FingerprintOf(key);
    EXPECT_EQ(fp.low, h.low64);
    EXPECT_EQ(fp.high, h.high64);
  }
  EXPECT_FALSE(FingerprintOf("a") == FingerprintOf("b"));
  EXPECT_FALSE(FingerprintOf("") == FingerprintOf(std::string_view("\0", 1)));
}

}  // namespace
}  // namespace recpipe
