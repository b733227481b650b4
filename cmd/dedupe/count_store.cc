#include "cmd/dedupe/count_store.h"

#include <string>

#include "cmd/dedupe/fingerprint_table.h"
#include "lib/error.h"

namespace recpipe::dedupe {
namespace {

constexpr char kWhere[] = "dedupe: temporary database for --count";
constexpr int kCacheKiB = 2 * 1024;

int64_t AsSigned(uint64_t v) { return static_cast<int64_t>(v); }

}  // namespace

CountStore::CountStore() {
  // An empty file name makes SQLite open a private temporary database on disk, removed when it is closed.
  if (sqlite3_open_v2("", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(db_);
    throw DataError(std::string(kWhere) + ": cannot open");
  }
  try {
    Exec(("PRAGMA cache_size=-" + std::to_string(kCacheKiB)).c_str());
    Exec("PRAGMA journal_mode=OFF");
    Exec("PRAGMA synchronous=OFF");
    Exec("CREATE TABLE c (hi INTEGER NOT NULL, lo INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (hi, lo)) "
         "WITHOUT ROWID");
    if (sqlite3_prepare_v2(db_, "INSERT INTO c (hi, lo, n) VALUES (?, ?, ?) ON CONFLICT (hi, lo) DO UPDATE SET n = n + "
                           "excluded.n", -1, &add_, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db_, "SELECT n FROM c WHERE hi = ? AND lo = ?", -1, &get_, nullptr) != SQLITE_OK) {
      Fail();
    }
  } catch (...) {
    sqlite3_finalize(add_);
    sqlite3_finalize(get_);
    sqlite3_close(db_);
    throw;
  }
}

CountStore::~CountStore() {
  sqlite3_finalize(add_);
  sqlite3_finalize(get_);
  sqlite3_close(db_);
}

void CountStore::Fail() const { throw DataError(std::string(kWhere) + ": " + sqlite3_errmsg(db_)); }

void CountStore::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string why = err ? err : "error";
    sqlite3_free(err);
    throw DataError(std::string(kWhere) + ": " + why);
  }
}

void CountStore::Add(std::vector<Fingerprint>* fps) {
  // Sorted, a key's records are next to each other and are added as one row; the rows go into the B-tree in order.
  SortInSqliteOrder(fps);
  Exec("BEGIN");
  for (size_t i = 0; i < fps->size();) {
    size_t j = i + 1;
    while (j < fps->size() && (*fps)[j] == (*fps)[i]) ++j;
    sqlite3_bind_int64(add_, 1, AsSigned((*fps)[i].high));
    sqlite3_bind_int64(add_, 2, AsSigned((*fps)[i].low));
    sqlite3_bind_int64(add_, 3, static_cast<int64_t>(j - i));
    int rc = sqlite3_step(add_);
    sqlite3_reset(add_);
    if (rc != SQLITE_DONE) Fail();
    i = j;
  }
  Exec("COMMIT");
}

uint64_t CountStore::Count(const Fingerprint& fp) {
  sqlite3_bind_int64(get_, 1, AsSigned(fp.high));
  sqlite3_bind_int64(get_, 2, AsSigned(fp.low));
  int rc = sqlite3_step(get_);
  uint64_t n = rc == SQLITE_ROW ? static_cast<uint64_t>(sqlite3_column_int64(get_, 0)) : 0;
  sqlite3_reset(get_);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) Fail();
  return n;
}

}  // namespace recpipe::dedupe
