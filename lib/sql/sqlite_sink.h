// An SQLite database as the output of any command (--to sqlite, or -o NAME.sqlite): one table per stream table,
// with a column per field of the declared type sql_names.h gives (NOT NULL unless the field is nullable), filled
// in one transaction with prepared multi-row INSERTs, and indexed at the end on the columns a command asked for.
//
// The database is built in the OutputFile's temporary file (same folder, hidden name) with the journal off and
// no syncs: nothing else can see that file, and a failed or interrupted run removes it as it removes any output
// (OutputFile), so only a whole database ever appears at the output name, when the OutputFile commits after Finish.
//
// Values go in as they are: integers as INTEGER, logical types as their integer, floats as REAL, strings as TEXT,
// bytes as BLOB. A value SQLite cannot hold exactly is a DataError naming the output, table, record and field: a
// u64 above 2^63-1, a NaN (SQLite would store NULL).
//
// Owned by one thread: the writing stage of the ordered pipeline, like ContainerSink.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lib/output_file.h"
#include "lib/schema.h"

struct sqlite3;
struct sqlite3_stmt;

namespace recpipe {

// Rows per multi-row INSERT (fewer when the table has so many columns that SQLite's limit of 32766 parameters
// binds first). Measured with callgrind on 200k stop_times rows: 1 row per statement takes 1.6 times the
// instructions of 64; 256 saves under 1% more.
inline constexpr int kSqliteRowsPerInsert = 64;

class SqliteSink {
 public:
  // Throws DataError when out is not a regular file written under a temporary name (standard output, a pipe, a
  // device) or when the database cannot be opened.
  explicit SqliteSink(OutputFile& out);
  ~SqliteSink();
  SqliteSink(const SqliteSink&) = delete;
  SqliteSink& operator=(const SqliteSink&) = delete;

  // Creates the table; its records follow with Add. schema and layout must outlive the sink.
  void DeclareTable(uint32_t id, const Schema& schema, const TableLayout& layout);
  // Inserts the records of a run of validated batch frames of a declared table.
  void Add(uint32_t id, std::string_view frames);
  // Asks for an index on these columns of this table (by the stream's names), made at Finish after the rows are
  // in. A table or column that is not there by then is a DataError.
  void AddIndex(const std::string& table, const std::vector<std::string>& columns);
  // Makes the indexes, commits and closes the database; the OutputFile commits after this.
  void Finish();

 private:
  struct Table;
  struct StmtDeleter {
    void operator()(sqlite3_stmt* s) const;
  };
  using Stmt = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

  void Exec(const std::string& sql, const std::string& where);
  Stmt Prepare(const std::string& sql, const std::string& where);
  void Bind(Table& t, sqlite3_stmt* stmt, int first_param, const char* record, uint32_t size);
  void Step(Table& t, sqlite3_stmt* stmt);
  [[noreturn]] void Fail(const std::string& where, int rc);
  [[noreturn]] void ValueError(const Table& t, size_t field, const std::string& what);

  std::string name_;  // the output's name, for messages
  sqlite3* db_ = nullptr;
  std::map<uint32_t, std::unique_ptr<Table>> tables_;
  std::vector<std::pair<std::string, std::vector<std::string>>> indexes_;
};

}  // namespace recpipe
