// --exact under --memory: where whole keys go when the in-memory ExactKeySet reaches the budget. As SpillStore
// does for fingerprints: a private temporary SQLite database (a table of BLOB keys) holds every spilled key, a
// Bloom filter over their fingerprints answers for most keys that are not there, and the rest are looked up in
// sorted groups. One owner, one thread.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string_view>
#include <vector>

#include "cmd/dedupe/exact_key_set.h"
#include "cmd/dedupe/spill_filter.h"
#include "cmd/dedupe/temp_database.h"
#include "lib/fingerprint_set.h"

namespace recpipe::dedupe {

class ExactSpillStore {
 public:
  explicit ExactSpillStore(size_t filter_bytes);
  ExactSpillStore(const ExactSpillStore&) = delete;
  ExactSpillStore& operator=(const ExactSpillStore&) = delete;

  bool empty() const { return stored_ == 0; }
  // Memory the first spill will take that resident size does not show yet (the filter, SQLite's page cache): the
  // caller keeps it free.
  uint64_t unspent_bytes() const { return stored_ == 0 ? filter_bytes_ + kCacheBytes : 0; }
  // What a spill of `keys` keys takes on top of the set while it runs: a sorted list of views into it.
  static uint64_t SpillBytes(size_t keys) { return keys * sizeof(std::string_view); }
  static constexpr int kCacheKiB = 4 * 1024;
  static constexpr uint64_t kCacheBytes = uint64_t{kCacheKiB} << 10;
  // Moves every key of set into the store, and empties the set.
  void Spill(ExactKeySet* set);
  // found[i]: whether the store holds keys[i]; fps[i] is keys[i]'s fingerprint.
  void Lookup(const std::vector<std::string_view>& keys, const std::vector<Fingerprint>& fps,
              std::vector<bool>* found);

 private:
  TempDatabase db_;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* select_ = nullptr;
  size_t filter_bytes_;
  std::unique_ptr<SpillFilter> filter_;
  uint64_t stored_ = 0;
  std::vector<size_t> maybe_;
};

}  // namespace recpipe::dedupe
