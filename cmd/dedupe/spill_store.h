// --memory: where fingerprints go when the in-memory set reaches its budget. A private temporary SQLite database
// on disk (deleted when closed) holds every spilled fingerprint, and a Bloom filter in memory (SpillFilter) answers
// for most keys that are not there; the rest are looked up in sorted groups (one batch of records at a time) so
// that they walk the B-tree in order. Exact, and memory stays bounded by the set's budget plus the filter and
// SQLite's page cache (kCacheKiB). One owner, one thread.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <vector>

#include "cmd/dedupe/fingerprint_table.h"
#include "cmd/dedupe/spill_filter.h"
#include "cmd/dedupe/temp_database.h"
#include "lib/fingerprint_set.h"

namespace recpipe::dedupe {

class SpillStore {
 public:
  // filter_bytes: the size of the Bloom filter, allocated at the first spill.
  explicit SpillStore(size_t filter_bytes);
  bool empty() const { return stored_ == 0; }
  uint64_t stored() const { return stored_; }
  // Look-ups answered by the filter alone, and those that went to SQLite.
  uint64_t filtered() const { return filtered_; }
  uint64_t looked_up() const { return looked_up_; }
  // Moves every member of set into the store, and empties the set.
  void Spill(FingerprintSet* set);
  // For each of fps, whether the store holds it (found[i] for fps[i]).
  void Lookup(const std::vector<Fingerprint>& fps, std::vector<bool>* found);

 private:
  TempDatabase db_;
  FingerprintTable table_;
  size_t filter_bytes_;
  std::unique_ptr<SpillFilter> filter_;
  uint64_t stored_ = 0;
  uint64_t filtered_ = 0;
  uint64_t looked_up_ = 0;
  std::vector<Fingerprint> maybe_;  // Lookup's keys past the filter, and where they came from
  std::vector<size_t> maybe_index_;
  std::vector<bool> maybe_found_;
};

}  // namespace recpipe::dedupe
