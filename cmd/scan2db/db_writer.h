// Writes the usage database of scan2db(1): the directories and their figures as the tree walk hands them over,
// then the per-owner tables and scan_metadata, then the indexes, all in one transaction on the OutputFile's
// temporary file (journal off, no syncs: nobody else sees that file), so that only a whole database ever appears
// at the output name, when the caller commits the OutputFile after Finish. Owned by one thread (SQLite's sorter may
// start helpers of its own while it builds the indexes).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "cmd/scan2db/dir_tree.h"
#include "lib/output_file.h"

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
  // The owner tables and scan_metadata, the indexes, COMMIT, close.
  void Finish(const DirTree& tree, const ScanInfo& info);

 private:
  void Exec(const char* sql);
  sqlite3_stmt* Prepare(const char* sql);
  void Step(sqlite3_stmt* stmt);
  [[noreturn]] void Fail(const char* what);

  std::string name_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_dir_ = nullptr;
  sqlite3_stmt* insert_stats_ = nullptr;
};

}  // namespace recpipe::scan2db
