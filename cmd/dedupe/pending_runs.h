// The runs of dedupe --index whose records went to a pipe: their keys wait in the index as pending, each run's in
// a table of its own (recpipe_dedupe_pending_ID, a FingerprintTable), until `dedupe --commit RUN` moves them
// into the seen keys, or `--abort RUN` drops them. The table recpipe_dedupe_runs says which runs there are: name,
// id, whether the run finished (its END marker went out) and how many keys it holds. Each change is one SQLite
// transaction, so a process killed half-way leaves the runs as they were before or after it. See dedupe(1),
// "PIPES AND RUNS". Works on a connection owned by the caller (KeyIndex), on the caller's thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace recpipe::dedupe {

struct PendingRun {
  std::string name;
  int64_t id = 0;
  bool finished = false;  // dedupe ran to its end; else it failed or was stopped, and cannot be committed
  uint64_t keys = 0;      // pending keys, known once finished
  std::string started;    // UTC, "YYYY-MM-DD HH:MM:SS"
};

class PendingRuns {
 public:
  // `seen_table` is the table of seen keys; `where` names the index in errors.
  PendingRuns(sqlite3* db, std::string seen_table, std::string where);

  static std::string TableOf(int64_t id);
  std::vector<PendingRun> List();
  std::optional<PendingRun> Find(const std::string& name);
  // Starts run `name` afresh: drops its earlier pending keys, if any; returns the new run (its table is made).
  PendingRun Begin(const std::string& name);
  void MarkFinished(int64_t id, uint64_t keys);
  // Moves the run's keys into the seen keys and forgets the run, in one transaction.
  void Commit(const PendingRun& run);
  // Drops the run and its keys.
  void Drop(const PendingRun& run);

 private:
  void Exec(const std::string& sql);
  // Runs fn inside BEGIN IMMEDIATE ... COMMIT, rolling back when it throws.
  template <typename Fn>
  void Transaction(Fn&& fn);

  sqlite3* db_;
  std::string seen_table_;
  std::string where_;
};

}  // namespace recpipe::dedupe
