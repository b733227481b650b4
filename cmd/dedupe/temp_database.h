// A private temporary SQLite database on disk (SQLite's empty file name: in $TMPDIR, deleted when closed), set up
// for data that need not survive a crash: no journal, no syncs, a page cache of a given size. The spill, count and
// exact stores of --memory each own one. Errors name the database by `where`. One owner, one thread.
#pragma once

#include <sqlite3.h>

#include <string>
#include <vector>

namespace recpipe::dedupe {

class TempDatabase {
 public:
  TempDatabase(std::string where, int cache_kib);
  ~TempDatabase();
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  sqlite3* db() const { return db_; }
  const std::string& where() const { return where_; }
  void Exec(const std::string& sql);
  // A statement owned by the database: finalized when it closes.
  sqlite3_stmt* Prepare(const std::string& sql);
  // Throws DataError with `where` and SQLite's last message.
  [[noreturn]] void Fail() const;

 private:
  std::string where_;
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> statements_;
};

}  // namespace recpipe::dedupe
