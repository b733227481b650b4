// A table of 128-bit fingerprints in SQLite, as two signed 64-bit integer columns (hi, lo) of a WITHOUT ROWID
// table: SQLite compares integer keys faster than 16-byte blobs. Shared by the --index database and the
// --memory spill store. Inserts and look-ups come in sorted batches so that they walk the B-tree in order, and
// inserts go kRowsPerInsert rows to a statement: per statement, SQLite's fixed cost (opening a cursor, running
// the program, resetting) was most of the time of one-row inserts.
#pragma once

#include <sqlite3.h>

#include <string>
#include <vector>

#include "lib/fingerprint_set.h"

namespace recpipe::dedupe {

// The order of the table's primary key: (hi, lo) as signed integers.
bool SqliteOrderLess(const Fingerprint& a, const Fingerprint& b);
void SortInSqliteOrder(std::vector<Fingerprint>* fps);

class FingerprintTable {
 public:
  // `table` may be schema-qualified ("temp.t"); `where` names the database in errors. Creates the table when
  // it is missing. The connection must outlive this object.
  FingerprintTable(sqlite3* db, std::string table, std::string where);
  ~FingerprintTable();
  FingerprintTable(const FingerprintTable&) = delete;
  FingerprintTable& operator=(const FingerprintTable&) = delete;

  // Inserts fps[0..n) (best sorted), ignoring those already there; the caller owns the transaction.
  void Insert(const Fingerprint* fps, size_t n);
  // found[i]: whether fps[i] is in the table.
  void Lookup(const std::vector<Fingerprint>& fps, std::vector<bool>* found);
  // Calls fn(Fingerprint) for every row.
  template <typename Fn>
  void ForEach(Fn&& fn) {
    sqlite3_stmt* st = Prepare("SELECT hi, lo FROM " + table_);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      fn(Fingerprint{static_cast<uint64_t>(sqlite3_column_int64(st, 1)),
                     static_cast<uint64_t>(sqlite3_column_int64(st, 0))});
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) Fail("cannot read the keys");
  }
  const std::string& name() const { return table_; }

 private:
  static constexpr size_t kRowsPerInsert = 16;
  sqlite3_stmt* Prepare(const std::string& sql);
  [[noreturn]] void Fail(const std::string& what) const;
  void Step(sqlite3_stmt* st);

  sqlite3* db_;
  std::string table_;
  std::string where_;
  sqlite3_stmt* insert_one_ = nullptr;
  sqlite3_stmt* insert_many_ = nullptr;
  sqlite3_stmt* select_ = nullptr;
};

}  // namespace recpipe::dedupe
