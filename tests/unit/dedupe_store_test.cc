// dedupe's on-disk key stores and the filter in front of them: the Bloom filter never forgets a key and its
// false positives stay near the stated rate; the spill store answers exactly (spilled keys found, others not)
// whether the filter or SQLite answered; the index stores every key added, whether committed directly, in the
// background or after being parked, and a reopened index finds them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cmd/dedupe/exact_spill_store.h"
#include "cmd/dedupe/key_index.h"
#include "cmd/dedupe/spill_filter.h"
#include "cmd/dedupe/spill_store.h"
#include "lib/fingerprint_set.h"
#include "tests/unit/random_fingerprints.h"

namespace recpipe::dedupe {
namespace {

using testing_support::RandomFingerprints;

TEST(SpillFilter, HasNoFalseNegativesAndFewFalsePositives) {
  const size_t n = 100000;
  SpillFilter filter(n);  // 8 bits per key: about 2.4% false positives
  std::vector<Fingerprint> in = RandomFingerprints(n, 1);
  for (const Fingerprint& fp : in) filter.Add(fp);
  for (const Fingerprint& fp : in) ASSERT_TRUE(filter.MayContain(fp));
  size_t positives = 0;
  for (const Fingerprint& fp : RandomFingerprints(n, 2)) positives += filter.MayContain(fp);
  double rate = static_cast<double>(positives) / n;
  EXPECT_GT(rate, 0.005);  // a filter that says no to everything would pass the bound below
  EXPECT_LT(rate, 0.05);
}

TEST(SpillFilter, TinySizeStillWorks) {
  SpillFilter filter(0);
  EXPECT_EQ(filter.bytes(), 64u);
  Fingerprint fp{1, 2};
  EXPECT_FALSE(filter.MayContain(fp));
  filter.Add(fp);
  EXPECT_TRUE(filter.MayContain(fp));
}

TEST(SpillStore, LookupIsExactAfterSpills) {
  SpillStore store(1 << 16);
  EXPECT_TRUE(store.empty());
  std::vector<Fingerprint> first = RandomFingerprints(30000, 3), second = RandomFingerprints(30000, 4);
  FingerprintSet set;
  for (const Fingerprint& fp : first) set.Insert(fp);
  store.Spill(&set);
  EXPECT_EQ(set.size(), 0u);
  for (const Fingerprint& fp : second) set.Insert(fp);
  store.Spill(&set);
  EXPECT_EQ(store.stored(), 60000u);

  std::vector<Fingerprint> queries = first;
  queries.insert(queries.end(), second.begin(), second.end());
  std::vector<Fingerprint> absent = RandomFingerprints(60000, 5);
  queries.insert(queries.end(), absent.begin(), absent.end());
  std::vector<bool> found;
  store.Lookup(queries, &found);
  ASSERT_EQ(found.size(), queries.size());
  for (size_t i = 0; i < queries.size(); ++i) ASSERT_EQ(found[i], i < 60000) << i;
  EXPECT_EQ(store.filtered() + store.looked_up(), queries.size());
  EXPECT_GT(store.filtered(), 50000u);  // most absent keys never reached SQLite
}

TEST(ExactSpillStore, LookupIsExactForKeysThatDifferOnlyInLengthOrLastByte) {
  ExactSpillStore store(1 << 12);
  std::vector<std::string> stored = {"", "a", "ab", std::string("a\0", 2), "key 1", "key 2"};
  std::vector<std::string> absent = {std::string("\0", 1), "b", "abc", "key 3", "key ", "A"};
  ExactKeySet set;
  for (const std::string& k : stored) set.Insert(k);
  store.Spill(&set);
  EXPECT_EQ(set.size(), 0u);
  EXPECT_TRUE(set.Insert("a"));  // the set is usable again after the spill
  std::vector<std::string_view> keys;
  std::vector<Fingerprint> fps;
  for (const auto* list : {&stored, &absent}) {
    for (const std::string& k : *list) {
      keys.push_back(k);
      fps.push_back(FingerprintOf(k));
    }
  }
  std::vector<bool> found;
  store.Lookup(keys, fps, &found);
  for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(found[i], i < stored.size()) << "key " << i;
}

class KeyIndexTest : public testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::TempDir() + "key_index_test_" + std::to_string(::getpid()) + ".sqlite";
    Remove();
  }
  void TearDown() override { Remove(); }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((path_ + suffix).c_str());
  }
  std::string path_;
};

TEST_F(KeyIndexTest, EveryWayOfCommittingStoresTheKeys) {
  std::vector<Fingerprint> keys = RandomFingerprints(5000, 6);
  {
    KeyIndex index(path_);
    for (size_t i = 0; i < 1000; ++i) index.Add(keys[i]);
    index.CommitInBackground();
    EXPECT_EQ(index.pending(), 0u);
    for (size_t i = 1000; i < 2000; ++i) index.Add(keys[i]);
    index.Park();
    for (size_t i = 2000; i < 3000; ++i) index.Add(keys[i]);
    index.CommitInBackground();
    for (size_t i = 3000; i < 4000; ++i) index.Add(keys[i]);
    EXPECT_EQ(index.Commit(), 2000u);  // the parked and the pending ones; the background ones were counted there
  }
  KeyIndex reopened(path_);
  std::vector<bool> found;
  reopened.Lookup(keys, &found);
  for (size_t i = 0; i < keys.size(); ++i) ASSERT_EQ(found[i], i < 4000) << i;
  FingerprintSet set;
  EXPECT_EQ(reopened.LoadInto(&set), 4000u);
  for (size_t i = 0; i < 4000; ++i) ASSERT_TRUE(set.Contains(keys[i]));
}

TEST_F(KeyIndexTest, KeysNotCommittedAreNotStored) {
  std::vector<Fingerprint> keys = RandomFingerprints(100, 7);
  {
    KeyIndex index(path_);
    for (const Fingerprint& fp : keys) index.Add(fp);
    index.Park();
    // Destroyed without Commit, as when the output failed.
  }
  KeyIndex reopened(path_);
  FingerprintSet set;
  EXPECT_EQ(reopened.LoadInto(&set), 0u);
}

TEST_F(KeyIndexTest, ARunsKeysArePendingUntilCommitted) {
  std::vector<Fingerprint> keys = RandomFingerprints(3000, 8);
  std::vector<bool> found;
  {
    KeyIndex index(path_);
    index.BeginRun("day1");
    for (size_t i = 0; i < 1000; ++i) index.Add(keys[i]);
    index.CommitInBackground();  // into the run's pending keys, not the seen ones
    for (size_t i = 1000; i < 2000; ++i) index.Add(keys[i]);
    EXPECT_EQ(index.FinishRun(), 2000u);
    index.Lookup(keys, &found);
    for (size_t i = 0; i < keys.size(); ++i) ASSERT_FALSE(found[i]) << "pending key " << i << " looks seen";
  }
  KeyIndex index(path_);
  std::optional<PendingRun> run = index.runs().Find("day1");
  ASSERT_TRUE(run);
  EXPECT_TRUE(run->finished);
  EXPECT_EQ(run->keys, 2000u);
  index.runs().Commit(*run);
  EXPECT_FALSE(index.runs().Find("day1"));
  index.Lookup(keys, &found);
  for (size_t i = 0; i < keys.size(); ++i) ASSERT_EQ(found[i], i < 2000) << i;
}

TEST_F(KeyIndexTest, ARerunReplacesItsPendingKeysAndAnAbortDropsThem) {
  std::vector<Fingerprint> keys = RandomFingerprints(200, 9);
  {
    KeyIndex index(path_);
    index.BeginRun("r");
    for (size_t i = 0; i < 100; ++i) index.Add(keys[i]);
    index.FinishRun();
  }
  {
    KeyIndex index(path_);
    index.BeginRun("r");  // the rerun: what the first stored is gone
    index.Add(keys[150]);
    // Not finished: as if killed.
  }
  KeyIndex index(path_);
  std::optional<PendingRun> run = index.runs().Find("r");
  ASSERT_TRUE(run);
  EXPECT_FALSE(run->finished);
  {
    KeyIndex again(path_);
    again.BeginRun("r");
    again.Add(keys[199]);
    EXPECT_EQ(again.FinishRun(), 1u);
  }
  run = index.runs().Find("r");
  ASSERT_TRUE(run);
  index.runs().Commit(*run);
  std::vector<bool> found;
  index.Lookup(keys, &found);
  for (size_t i = 0; i < keys.size(); ++i) ASSERT_EQ(found[i], i == 199) << i;

  index.BeginRun("s");
  index.Add(keys[0]);
  index.FinishRun();
  ASSERT_EQ(index.runs().List().size(), 1u);
  index.runs().Drop(*index.runs().Find("s"));
  EXPECT_TRUE(index.runs().List().empty());
  index.Lookup(keys, &found);
  EXPECT_FALSE(found[0]);
}

TEST_F(KeyIndexTest, AFileThatIsNotADatabaseIsNamed) {
  {
    FILE* f = std::fopen(path_.c_str(), "w");
    std::fputs("not a database, not at all, but long enough to have a header of sorts\n", f);
    std::fclose(f);
  }
  try {
    KeyIndex index(path_);
    FAIL() << "opened a file that is not a database";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find(path_), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace recpipe::dedupe
