#include "cmd/dedupe/count_store.h"

#include <string>

#include "cmd/dedupe/fingerprint_table.h"

namespace recpipe::dedupe {
namespace {

constexpr char kWhere[] = "dedupe: temporary database for --count";
constexpr int kCacheKiB = 2 * 1024;

int64_t AsSigned(uint64_t v) { return static_cast<int64_t>(v); }

}  // namespace

CountStore::CountStore() : db_(kWhere, kCacheKiB) {
  db_.Exec("CREATE TABLE c (hi INTEGER NOT NULL, lo INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (hi, lo)) "
           "WITHOUT ROWID");
  add_ = db_.Prepare("INSERT INTO c (hi, lo, n) VALUES (?, ?, ?) ON CONFLICT (hi, lo) DO UPDATE SET n = n + excluded.n");
  get_ = db_.Prepare("SELECT n FROM c WHERE hi = ? AND lo = ?");
}

void CountStore::Add(std::vector<Fingerprint>* fps) {
  // Sorted, a key's records are next to each other and are added as one row; the rows go into the B-tree in order.
  SortInSqliteOrder(fps);
  db_.Exec("BEGIN");
  for (size_t i = 0; i < fps->size();) {
    size_t j = i + 1;
    while (j < fps->size() && (*fps)[j] == (*fps)[i]) ++j;
    sqlite3_bind_int64(add_, 1, AsSigned((*fps)[i].high));
    sqlite3_bind_int64(add_, 2, AsSigned((*fps)[i].low));
    sqlite3_bind_int64(add_, 3, static_cast<int64_t>(j - i));
    int rc = sqlite3_step(add_);
    sqlite3_reset(add_);
    if (rc != SQLITE_DONE) db_.Fail();
    i = j;
  }
  db_.Exec("COMMIT");
}

uint64_t CountStore::Count(const Fingerprint& fp) {
  sqlite3_bind_int64(get_, 1, AsSigned(fp.high));
  sqlite3_bind_int64(get_, 2, AsSigned(fp.low));
  int rc = sqlite3_step(get_);
  uint64_t n = rc == SQLITE_ROW ? static_cast<uint64_t>(sqlite3_column_int64(get_, 0)) : 0;
  sqlite3_reset(get_);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) db_.Fail();
  return n;
}

}  // namespace recpipe::dedupe
