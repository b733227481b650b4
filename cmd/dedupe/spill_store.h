// --memory: where fingerprints go when the in-memory set reaches its budget. A private temporary SQLite database
// on disk (deleted when closed) holds every spilled fingerprint; lookups come in sorted groups (one batch of
// records at a time) so that they walk the B-tree in order. Exact, and memory stays bounded by the set's budget
// plus SQLite's page cache (kCacheKiB). One owner, one thread.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <vector>

#include "cmd/dedupe/fingerprint_table.h"
#include "lib/fingerprint_set.h"

namespace recpipe::dedupe {

class SpillStore {
 public:
  SpillStore();
  ~SpillStore();
  bool empty() const { return stored_ == 0; }
  uint64_t stored() const { return stored_; }
  // Moves every member of set into the store, and empties the set.
  void Spill(FingerprintSet* set);
  // For each of fps, whether the store holds it (found[i] for fps[i]).
  void Lookup(const std::vector<Fingerprint>& fps, std::vector<bool>* found);

 private:
  void Exec(const char* sql);
  sqlite3* db_ = nullptr;
  std::unique_ptr<FingerprintTable> table_;
  uint64_t stored_ = 0;
};

}  // namespace recpipe::dedupe
