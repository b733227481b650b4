#include "cmd/dedupe/fingerprint_table.h"

#include <algorithm>
#include <numeric>

#include "cmd/dedupe/sqlite_exec.h"
#include "lib/error.h"

namespace recpipe::dedupe {
namespace {

int64_t AsSigned(uint64_t v) { return static_cast<int64_t>(v); }

}  // namespace

bool SqliteOrderLess(const Fingerprint& a, const Fingerprint& b) {
  return AsSigned(a.high) != AsSigned(b.high) ? AsSigned(a.high) < AsSigned(b.high)
                                              : AsSigned(a.low) < AsSigned(b.low);
}

void SortInSqliteOrder(std::vector<Fingerprint>* fps) { std::sort(fps->begin(), fps->end(), SqliteOrderLess); }

FingerprintTable::FingerprintTable(sqlite3* db, std::string table, std::string where)
    : db_(db), table_(std::move(table)), where_(std::move(where)) {
  SqliteExec(db_,
             "CREATE TABLE IF NOT EXISTS " + table_ +
                 " (hi INTEGER NOT NULL, lo INTEGER NOT NULL, PRIMARY KEY (hi, lo)) WITHOUT ROWID",
             where_);
  std::string many = "INSERT OR IGNORE INTO " + table_ + " (hi, lo) VALUES (?, ?)";
  for (size_t i = 1; i < kRowsPerInsert; ++i) many += ", (?, ?)";
  insert_one_ = Prepare("INSERT OR IGNORE INTO " + table_ + " (hi, lo) VALUES (?, ?)");
  insert_many_ = Prepare(many);
  select_ = Prepare("SELECT 1 FROM " + table_ + " WHERE hi = ? AND lo = ?");
}

FingerprintTable::~FingerprintTable() {
  sqlite3_finalize(insert_one_);
  sqlite3_finalize(insert_many_);
  sqlite3_finalize(select_);
}

sqlite3_stmt* FingerprintTable::Prepare(const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) Fail("cannot use the keys table");
  return st;
}

void FingerprintTable::Fail(const std::string& what) const {
  throw DataError(where_ + ": " + what + ": " + sqlite3_errmsg(db_));
}

void FingerprintTable::Step(sqlite3_stmt* st) {
  if (sqlite3_step(st) != SQLITE_DONE) {
    sqlite3_reset(st);
    Fail("cannot write the keys");
  }
  sqlite3_reset(st);
}

void FingerprintTable::Insert(const Fingerprint* fps, size_t n) {
  size_t i = 0;
  for (; i + kRowsPerInsert <= n; i += kRowsPerInsert) {
    for (size_t r = 0; r < kRowsPerInsert; ++r) {
      sqlite3_bind_int64(insert_many_, static_cast<int>(2 * r + 1), AsSigned(fps[i + r].high));
      sqlite3_bind_int64(insert_many_, static_cast<int>(2 * r + 2), AsSigned(fps[i + r].low));
    }
    Step(insert_many_);
  }
  for (; i < n; ++i) {
    sqlite3_bind_int64(insert_one_, 1, AsSigned(fps[i].high));
    sqlite3_bind_int64(insert_one_, 2, AsSigned(fps[i].low));
    Step(insert_one_);
  }
}

void FingerprintTable::Lookup(const std::vector<Fingerprint>& fps, std::vector<bool>* found) {
  found->assign(fps.size(), false);
  std::vector<size_t> order(fps.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return SqliteOrderLess(fps[a], fps[b]); });
  for (size_t i : order) {
    sqlite3_bind_int64(select_, 1, AsSigned(fps[i].high));
    sqlite3_bind_int64(select_, 2, AsSigned(fps[i].low));
    int rc = sqlite3_step(select_);
    sqlite3_reset(select_);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) Fail("cannot read the keys");
    (*found)[i] = rc == SQLITE_ROW;
  }
}

}  // namespace recpipe::dedupe
