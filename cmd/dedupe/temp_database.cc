#include "cmd/dedupe/temp_database.h"

#include "cmd/dedupe/sqlite_exec.h"
#include "lib/error.h"

namespace recpipe::dedupe {

TempDatabase::TempDatabase(std::string where, int cache_kib) : where_(std::move(where)) {
  // NOMUTEX: one thread uses the connection, so SQLite's own locking is cost without use.
  if (sqlite3_open_v2("", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(db_);
    throw DataError(where_ + ": cannot open");
  }
  try {
    Exec("PRAGMA cache_size=-" + std::to_string(cache_kib));
    Exec("PRAGMA journal_mode=OFF");
    Exec("PRAGMA synchronous=OFF");
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

TempDatabase::~TempDatabase() {
  for (sqlite3_stmt* st : statements_) sqlite3_finalize(st);
  sqlite3_close(db_);
}

void TempDatabase::Fail() const { throw DataError(where_ + ": " + sqlite3_errmsg(db_)); }

void TempDatabase::Exec(const std::string& sql) { SqliteExec(db_, sql, where_); }

sqlite3_stmt* TempDatabase::Prepare(const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) Fail();
  statements_.push_back(st);
  return st;
}

}  // namespace recpipe::dedupe
