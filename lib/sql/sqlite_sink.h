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
// Called by one thread (the writing stage of the ordered pipeline, like ContainerSink), but the database work runs
// on a thread of the sink's own, so that inserting overlaps with the command's parsing, whatever -j says: the
// calls queue their work (Add a copy of its frames, at most kSqliteQueueBytes waiting, then it waits) and return.
// An error on that thread stops the work and is thrown by the next call, Finish at the latest.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "lib/output_file.h"
#include "lib/schema.h"
#include "lib/sql/sql_names.h"  // kSqliteRowsPerInsert

struct sqlite3;
struct sqlite3_stmt;

namespace recpipe {

// Bytes of frames that may wait for the sink's thread.
inline constexpr size_t kSqliteQueueBytes = 8 << 20;

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
  // Makes the indexes, commits and closes the database, and waits for all of it; the OutputFile commits after this.
  void Finish();

 private:
  // Queues work for the sink's thread (bytes: what it holds, against kSqliteQueueBytes). Throws the error the
  // thread met, if any.
  void Post(std::function<void()> work, size_t bytes = 0);
  // Waits until the queue is empty and the thread idle; throws the error it met, if any.
  void Drain();
  void Run();  // the sink's thread

  // The work itself, on the sink's thread.
  void CreateTable(uint32_t id, const Schema& schema, const TableLayout& layout);
  void Insert(uint32_t id, std::string_view frames);
  void IndexAndCommit();

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

  std::mutex mutex_;
  std::condition_variable work_;  // the thread waits for work
  std::condition_variable done_;  // the caller waits for room, or for the queue to empty
  std::deque<std::pair<std::function<void()>, size_t>> queue_;
  size_t queued_bytes_ = 0;
  bool busy_ = false;
  bool stop_ = false;
  std::exception_ptr error_;
  std::vector<std::string> spare_;  // frame buffers the thread is done with, for Add to fill again
  std::thread thread_;
};

}  // namespace recpipe
