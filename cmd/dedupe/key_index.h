// The keys dedupe has seen in earlier runs, kept in an SQLite database (--index FILE): one table of 128-bit
// fingerprints (FingerprintTable). Keys of earlier runs are either loaded into memory at the start (LoadInto) or,
// under --memory, looked up as batches of records need them (Lookup). New keys are added only once their
// records have reached the output (Add, then Commit or CommitInBackground once the output is safe), sorted and
// in large transactions. If the process dies or the output fails before that, the index does not hold those
// keys, and a rerun writes their records again.
//
// Into a pipe dedupe cannot know when its records are safe downstream: there a run (BeginRun) stores its new keys
// as pending keys of the run (PendingRuns), FinishRun marks them complete once the output has ended, and a later
// `dedupe --commit RUN` (CommitRun) makes them seen. Look-ups see seen keys only.
//
// Threads: one owner calls everything; CommitInBackground stores on a second connection of its own while the
// owner goes on (WAL lets the owner's look-ups read meanwhile), one store at a time.
#pragma once

#include <sqlite3.h>

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cmd/dedupe/fingerprint_table.h"
#include "cmd/dedupe/pending_runs.h"
#include "lib/fingerprint_set.h"

namespace recpipe::dedupe {

class KeyIndex {
 public:
  // Opens or creates the database; throws DataError naming the file.
  explicit KeyIndex(const std::string& path);
  ~KeyIndex();

  // Under --memory: SQLite's page caches for the index and the parked keys shrink from 2 MiB each to kib.
  void LimitCache(int kib);
  // Adds every key in the index to set; returns how many there were.
  uint64_t LoadInto(FingerprintSet* set);
  // found[i]: whether the index held fps[i] when this run began (or holds it from a commit of this run).
  void Lookup(const std::vector<Fingerprint>& fps, std::vector<bool>* found);
  // A key first seen in this run, to be stored by a commit.
  void Add(Fingerprint fp) { pending_.push_back(fp); }
  // Keys added and not yet handed to a commit or parked.
  size_t pending() const { return pending_.size(); }
  // Stores the pending keys on a background thread; waits first for the previous one. Its failure is thrown by
  // the next call to this or to Commit.
  void CommitInBackground();
  // Moves the pending keys out of memory into a temporary table (deleted with the connection) until Commit.
  void Park();
  // Stores every key added (pending, parked, or in a background commit); returns how many this call stored.
  uint64_t Commit();

  // The runs whose keys wait for --commit or --abort.
  PendingRuns& runs() { return *runs_; }
  // From now on the keys added are stored as pending keys of run `name` (replacing its earlier ones), not as seen
  // keys; call before any Add.
  void BeginRun(const std::string& name);
  // After the output ended: stores the keys still in memory as the run's and marks the run finished, so that
  // --commit may take it. Returns the run's number of keys.
  uint64_t FinishRun();

 private:
  void Exec(sqlite3* db, const std::string& sql);
  sqlite3* Open();
  // Sorts keys and stores them in transactions of kBatch through table.
  void Store(sqlite3* db, FingerprintTable& table, std::vector<Fingerprint>* keys);
  void WaitForBackground();

  std::string path_;
  sqlite3* db_ = nullptr;
  std::unique_ptr<FingerprintTable> keys_;
  std::unique_ptr<PendingRuns> runs_;
  std::optional<PendingRun> run_;             // BeginRun's
  std::unique_ptr<FingerprintTable> run_keys_;  // its pending keys
  std::string store_table_;                   // where new keys go: the seen keys, or the run's pending keys
  uint64_t run_stored_ = 0;                   // keys the run has stored so far
  std::unique_ptr<FingerprintTable> parked_;  // temp table, made by the first Park
  uint64_t parked_count_ = 0;
  std::vector<Fingerprint> pending_;
  // The background commit: its connection, table, keys, thread and failure.
  sqlite3* writer_db_ = nullptr;
  std::unique_ptr<FingerprintTable> writer_keys_;
  std::vector<Fingerprint> storing_;
  std::thread writer_;
  std::exception_ptr writer_error_;
};

}  // namespace recpipe::dedupe
