#include "cmd/dedupe/pending_runs.h"

#include "cmd/dedupe/sqlite_exec.h"
#include "lib/error.h"

namespace recpipe::dedupe {
namespace {

constexpr char kRuns[] = "recpipe_dedupe_runs";

// A prepared statement that finalizes itself.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql, const std::string& where) : db_(db), where_(where) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st_, nullptr) != SQLITE_OK) Fail();
  }
  ~Statement() { sqlite3_finalize(st_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() { return st_; }
  // SQLITE_ROW or SQLITE_DONE; anything else throws.
  int Step() {
    int rc = sqlite3_step(st_);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) Fail();
    return rc;
  }
  void BindText(int i, const std::string& s) {
    sqlite3_bind_text(st_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }

 private:
  [[noreturn]] void Fail() { throw DataError(where_ + ": cannot use the runs table: " + sqlite3_errmsg(db_)); }
  sqlite3* db_;
  std::string where_;
  sqlite3_stmt* st_ = nullptr;
};

PendingRun RowOf(sqlite3_stmt* st) {
  PendingRun r;
  r.name = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  r.id = sqlite3_column_int64(st, 1);
  r.finished = sqlite3_column_int64(st, 2) != 0;
  r.keys = static_cast<uint64_t>(sqlite3_column_int64(st, 3));
  const unsigned char* started = sqlite3_column_text(st, 4);
  r.started = started ? reinterpret_cast<const char*>(started) : "";
  return r;
}

constexpr char kColumns[] = "SELECT name, id, finished, keys, started FROM ";

}  // namespace

PendingRuns::PendingRuns(sqlite3* db, std::string seen_table, std::string where)
    : db_(db), seen_table_(std::move(seen_table)), where_(std::move(where)) {
  Exec(std::string("CREATE TABLE IF NOT EXISTS ") + kRuns +
       " (name TEXT PRIMARY KEY, id INTEGER NOT NULL UNIQUE, finished INTEGER NOT NULL, keys INTEGER NOT NULL,"
       " started TEXT NOT NULL)");
}

std::string PendingRuns::TableOf(int64_t id) { return "recpipe_dedupe_pending_" + std::to_string(id); }

void PendingRuns::Exec(const std::string& sql) { SqliteExec(db_, sql, where_); }

template <typename Fn>
void PendingRuns::Transaction(Fn&& fn) {
  Exec("BEGIN IMMEDIATE");
  try {
    fn();
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  Exec("COMMIT");
}

std::vector<PendingRun> PendingRuns::List() {
  Statement st(db_, std::string(kColumns) + kRuns + " ORDER BY id", where_);
  std::vector<PendingRun> runs;
  while (st.Step() == SQLITE_ROW) runs.push_back(RowOf(st.get()));
  return runs;
}

std::optional<PendingRun> PendingRuns::Find(const std::string& name) {
  Statement st(db_, std::string(kColumns) + kRuns + " WHERE name = ?", where_);
  st.BindText(1, name);
  if (st.Step() != SQLITE_ROW) return std::nullopt;
  return RowOf(st.get());
}

PendingRun PendingRuns::Begin(const std::string& name) {
  PendingRun run;
  Transaction([&] {
    if (std::optional<PendingRun> old = Find(name)) Exec("DROP TABLE IF EXISTS " + TableOf(old->id));
    Statement del(db_, std::string("DELETE FROM ") + kRuns + " WHERE name = ?", where_);
    del.BindText(1, name);
    del.Step();
    // Ids are never reused while the index lives, so a table left by a crash cannot be mistaken for a new run's.
    Statement next(db_, std::string("SELECT coalesce(max(id), 0) + 1 FROM ") + kRuns, where_);
    next.Step();
    run.id = sqlite3_column_int64(next.get(), 0);
    Exec("DROP TABLE IF EXISTS " + TableOf(run.id));
    Statement add(db_,
                  std::string("INSERT INTO ") + kRuns +
                      " (name, id, finished, keys, started) VALUES (?, ?, 0, 0, datetime('now'))",
                  where_);
    add.BindText(1, name);
    sqlite3_bind_int64(add.get(), 2, run.id);
    add.Step();
  });
  run.name = name;
  return run;
}

void PendingRuns::MarkFinished(int64_t id, uint64_t keys) {
  Transaction([&] {
    Statement st(db_, std::string("UPDATE ") + kRuns + " SET finished = 1, keys = ? WHERE id = ?", where_);
    sqlite3_bind_int64(st.get(), 1, static_cast<int64_t>(keys));
    sqlite3_bind_int64(st.get(), 2, id);
    st.Step();
  });
}

void PendingRuns::Commit(const PendingRun& run) {
  Transaction([&] {
    // The pending table is a B-tree in key order: reading it in order inserts into the seen keys in order.
    Exec("CREATE TABLE IF NOT EXISTS " + TableOf(run.id) +
         " (hi INTEGER NOT NULL, lo INTEGER NOT NULL, PRIMARY KEY (hi, lo)) WITHOUT ROWID");
    Exec("INSERT OR IGNORE INTO " + seen_table_ + " (hi, lo) SELECT hi, lo FROM " + TableOf(run.id));
    Exec("DROP TABLE " + TableOf(run.id));
    Exec(std::string("DELETE FROM ") + kRuns + " WHERE id = " + std::to_string(run.id));
  });
}

void PendingRuns::Drop(const PendingRun& run) {
  Transaction([&] {
    Exec("DROP TABLE IF EXISTS " + TableOf(run.id));
    Exec(std::string("DELETE FROM ") + kRuns + " WHERE id = " + std::to_string(run.id));
  });
}

}  // namespace recpipe::dedupe
