// Writes the usage database of scan2db(1): the directories and their figures as the tree walk hands them over,
// then the per-owner tables and scan_metadata, then the indexes, all in one transaction on the OutputFile's
// temporary file (journal off, no syncs: nobody else sees that file), so that only a whole database ever appears
// at the output name, when the caller commits the OutputFile after Finish. Owned by one thread (SQLite's sorter may
// start helpers of its own while it builds the indexes).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cmd/scan2db/dir_tree.h"
#include "cmd/scan2db/owner_rows.h"
#include "lib/output_file.h"
#include "lib/sql/sql_names.h"

struct sqlite3;
struct sqlite3_stmt;

namespace recpipe::scan2db {

struct ScanInfo {
  std::string source_file;
  std::string dialect;
  std::optional<int64_t> scan_time_us;  // what access ages are measured against; none: no access histogram
  uint64_t lines = 0;
  uint64_t errors_skipped = 0;
};

class DbWriter {
 public:
  // Throws DataError when out is not a regular file written under a temporary name, or SQLite fails. threads: what
  // SQLite may use to sort the rows of the indexes it builds at the end (-j).
  DbWriter(OutputFile& out, int threads);
  ~DbWriter();
  DbWriter(const DbWriter&) = delete;
  DbWriter& operator=(const DbWriter&) = delete;

  void Enter(const DirRow& row);  // a directories row
  void Leave(const DirRow& row);  // its directory_stats row
  // Enter and Leave keep rows until kSqliteRowsPerInsert of a table wait, then insert them in one statement, as
  // the SQLite sink does (lib/sql/sql_names.h says why 64).
  // The owner tables and scan_metadata, the indexes, COMMIT, close.
  void Finish(const OwnerRows& owners, const TreeTotals& totals, const ScanInfo& info);
  // Wall seconds Finish spent on the indexes and COMMIT (for SCAN2DB_TIME_REPORT).
  double index_seconds() const { return index_seconds_; }

 private:
  static constexpr int kDirectoryColumns = 4, kStatsColumns = 13;
  void BindDirectory(sqlite3_stmt* stmt, int base, const DirRow& row);
  void BindStats(sqlite3_stmt* stmt, int base, const DirRow& row);
  void Flush(std::vector<DirRow>* rows, sqlite3_stmt* many, sqlite3_stmt* one, int columns,
             void (DbWriter::*bind)(sqlite3_stmt*, int, const DirRow&));
  void FlushDirectories();
  void FlushStats();
  void Exec(const char* sql);
  sqlite3_stmt* Prepare(const char* sql);
  void Step(sqlite3_stmt* stmt);
  [[noreturn]] void Fail(const char* what);

  std::string name_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_dir_ = nullptr;   // one row
  sqlite3_stmt* insert_dirs_ = nullptr;  // kSqliteRowsPerInsert rows
  sqlite3_stmt* insert_stats_ = nullptr;
  sqlite3_stmt* insert_stats_many_ = nullptr;
  std::vector<DirRow> directories_;                                // rows waiting for a full statement
  std::array<std::string, kSqliteRowsPerInsert> directory_names_;  // their names
  std::vector<DirRow> stats_;
  double index_seconds_ = 0;
};

}  // namespace recpipe::scan2db
