// The keys dedupe has seen in earlier runs, kept in an SQLite database (--index FILE): one table of 128-bit
// fingerprints. Existing keys are loaded once at the start; new keys are added only once their records have reached
// the output (Add, then Commit after the output is safe), in sorted order and large transactions. If the process
// dies or the output fails before Commit, the index does not hold those keys, and a rerun writes their records
// again. One owner, one thread.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "lib/fingerprint_set.h"

namespace recpipe::dedupe {

class KeyIndex {
 public:
  // Opens or creates the database; throws DataError naming the file.
  explicit KeyIndex(const std::string& path);
  ~KeyIndex();

  // Adds every key in the index to set; returns how many there were.
  uint64_t LoadInto(FingerprintSet* set);
  // A key first seen in this run, to be stored by Commit.
  void Add(Fingerprint fp) { pending_.push_back(fp); }
  size_t pending() const { return pending_.size(); }
  // Stores the pending keys (sorted, in transactions of kBatch); returns how many.
  uint64_t Commit();

 private:
  [[noreturn]] void Fail(const std::string& what) const;
  void Exec(const char* sql);

  std::string path_;
  sqlite3* db_ = nullptr;
  std::vector<Fingerprint> pending_;
};

}  // namespace recpipe::dedupe
