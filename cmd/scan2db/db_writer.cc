#include "cmd/scan2db/db_writer.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>

#include "cmd/scan2db/scan_time.h"
#include "lib/error.h"
#include "lib/sql/sql_names.h"

namespace recpipe::scan2db {
namespace {

// The schema of the tool users query today (same tables, columns and meanings), plus logical sizes beside the
// allocated ones and a view of full paths.
constexpr const char* kSchema = R"sql(
CREATE TABLE directories (
  dir_id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES directories(dir_id),
  name TEXT NOT NULL,
  depth INTEGER NOT NULL
);
CREATE TABLE directory_stats (
  dir_id INTEGER PRIMARY KEY REFERENCES directories(dir_id),
  file_count_nr INTEGER NOT NULL, total_size_nr INTEGER NOT NULL, max_atime_nr TEXT, dir_count_nr INTEGER NOT NULL,
  file_count_r INTEGER NOT NULL, total_size_r INTEGER NOT NULL, max_atime_r TEXT, dir_count_r INTEGER NOT NULL,
  owner_uid INTEGER, owner_gid INTEGER,
  logical_size_nr INTEGER NOT NULL, logical_size_r INTEGER NOT NULL
);
CREATE TABLE owner_summary (
  owner_uid INTEGER PRIMARY KEY, total_size INTEGER NOT NULL, total_files INTEGER NOT NULL,
  directory_count INTEGER NOT NULL, logical_size INTEGER NOT NULL
);
CREATE TABLE access_histogram (
  owner_uid INTEGER NOT NULL, bucket_index INTEGER NOT NULL, file_count INTEGER NOT NULL, total_size INTEGER NOT NULL,
  PRIMARY KEY (owner_uid, bucket_index)
);
CREATE TABLE size_histogram (
  owner_uid INTEGER NOT NULL, bucket_index INTEGER NOT NULL, file_count INTEGER NOT NULL, total_size INTEGER NOT NULL,
  PRIMARY KEY (owner_uid, bucket_index)
);
CREATE TABLE scan_metadata (
  scan_id INTEGER PRIMARY KEY, source_file TEXT NOT NULL, scan_timestamp TEXT, import_timestamp TEXT,
  filesystem TEXT NOT NULL, total_directories INTEGER NOT NULL, total_files INTEGER NOT NULL,
  total_size INTEGER NOT NULL, total_logical_size INTEGER NOT NULL, dialect TEXT NOT NULL,
  lines INTEGER NOT NULL, errors_skipped INTEGER NOT NULL
);
CREATE VIEW paths(dir_id, path) AS
  WITH RECURSIVE p(dir_id, path) AS (
    SELECT dir_id, name FROM directories WHERE parent_id IS NULL
    UNION ALL
    SELECT d.dir_id, CASE WHEN p.path = '/' THEN '/' || d.name ELSE p.path || '/' || d.name END
    FROM directories d JOIN p ON d.parent_id = p.dir_id)
  SELECT dir_id, path FROM p;
)sql";

constexpr const char* kIndexes = R"sql(
CREATE UNIQUE INDEX uq_dir_parent_name ON directories(parent_id, name);
CREATE INDEX ix_directories_depth ON directories(depth);
CREATE INDEX ix_stats_size_r ON directory_stats(total_size_r);
CREATE INDEX ix_stats_files_r ON directory_stats(file_count_r);
CREATE INDEX ix_stats_owner_size ON directory_stats(owner_uid, total_size_r);
CREATE INDEX ix_stats_group_size ON directory_stats(owner_gid, total_size_r);
)sql";

int64_t Signed(uint64_t v, const std::string& name) {
  if (v > static_cast<uint64_t>(INT64_MAX)) throw DataError(name + ": a figure above 2^63-1 does not fit SQLite");
  return static_cast<int64_t>(v);
}

}  // namespace

DbWriter::DbWriter(OutputFile& out, int threads) : name_(out.name()) {
  if (!out.atomic()) throw DataError(out.name() + ": scan2db writes a database to a regular file, not a stream");
  int rc = sqlite3_open_v2(out.temp_name().c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) Fail("cannot open");
  Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-65536");
  // Helper threads for the sorts of CREATE INDEX (the database is the same whatever their number).
  Exec(("PRAGMA threads=" + std::to_string(std::max(0, threads - 1))).c_str());
  Exec("BEGIN");
  Exec(kSchema);
  insert_dir_ = Prepare(InsertRowsSql("directories", kDirectoryColumns, 1).c_str());
  insert_dirs_ = Prepare(InsertRowsSql("directories", kDirectoryColumns, kSqliteRowsPerInsert).c_str());
  insert_stats_ = Prepare(InsertRowsSql("directory_stats", kStatsColumns, 1).c_str());
  insert_stats_many_ = Prepare(InsertRowsSql("directory_stats", kStatsColumns, kSqliteRowsPerInsert).c_str());
  directories_.reserve(kSqliteRowsPerInsert);
  stats_.reserve(kSqliteRowsPerInsert);
}

DbWriter::~DbWriter() {
  sqlite3_finalize(insert_dir_);
  sqlite3_finalize(insert_dirs_);
  sqlite3_finalize(insert_stats_);
  sqlite3_finalize(insert_stats_many_);
  sqlite3_close(db_);
}

void DbWriter::Fail(const char* what) {
  throw DataError(name_ + ": SQLite: " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
}

void DbWriter::Exec(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) Fail("statement failed");
}

sqlite3_stmt* DbWriter::Prepare(const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) Fail("cannot prepare");
  return stmt;
}

void DbWriter::Step(sqlite3_stmt* stmt) {
  if (sqlite3_step(stmt) != SQLITE_DONE) Fail("insert failed");
  sqlite3_reset(stmt);
}

void DbWriter::BindDirectory(sqlite3_stmt* s, int base, const DirRow& row) {
  sqlite3_bind_int64(s, base + 1, row.id);
  if (row.parent_id == 0) {
    sqlite3_bind_null(s, base + 2);
  } else {
    sqlite3_bind_int64(s, base + 2, row.parent_id);
  }
  // Names go in byte for byte, invalid UTF-8 included: TEXT so that comparisons with literals work.
  sqlite3_bind_text(s, base + 3, row.name.data(), static_cast<int>(row.name.size()), SQLITE_STATIC);
  sqlite3_bind_int64(s, base + 4, row.depth);
}

void DbWriter::BindStats(sqlite3_stmt* s, int base, const DirRow& row) {
  auto bind_time = [&](int column, const DirFigures& f) {
    if (!f.has_atime) return sqlite3_bind_null(s, base + column);
    char text[kScanTimeMax];
    const size_t length = FormatScanTime(f.max_atime_us, text);
    return sqlite3_bind_text(s, base + column, text, static_cast<int>(length), SQLITE_TRANSIENT);
  };
  auto bind_owner = [&](int column, DirRow::Owner state, uint32_t value) {
    if (state == DirRow::Owner::kNone) return sqlite3_bind_int64(s, base + column, -1);
    if (state == DirRow::Owner::kMany) return sqlite3_bind_null(s, base + column);
    return sqlite3_bind_int64(s, base + column, value);
  };
  sqlite3_bind_int64(s, base + 1, row.id);
  sqlite3_bind_int64(s, base + 2, Signed(row.nr.files, name_));
  sqlite3_bind_int64(s, base + 3, Signed(row.nr.bytes, name_));
  bind_time(4, row.nr);
  sqlite3_bind_int64(s, base + 5, Signed(row.nr.dirs, name_));
  sqlite3_bind_int64(s, base + 6, Signed(row.r.files, name_));
  sqlite3_bind_int64(s, base + 7, Signed(row.r.bytes, name_));
  bind_time(8, row.r);
  sqlite3_bind_int64(s, base + 9, Signed(row.r.dirs, name_));
  bind_owner(10, row.uid_state, row.uid);
  bind_owner(11, row.gid_state, row.gid);
  sqlite3_bind_int64(s, base + 12, Signed(row.nr.logical, name_));
  sqlite3_bind_int64(s, base + 13, Signed(row.r.logical, name_));
}

void DbWriter::Enter(const DirRow& row) {
  DirRow& kept = directories_.emplace_back(row);
  std::string& name = directory_names_[directories_.size() - 1];
  name.assign(row.name);  // the walk's view of a root's name does not outlive the call
  kept.name = name;
  if (directories_.size() == kSqliteRowsPerInsert) FlushDirectories();
}

void DbWriter::Leave(const DirRow& row) {
  stats_.push_back(row);  // its name is not used
  if (stats_.size() == kSqliteRowsPerInsert) FlushStats();
}

// A full batch in one statement; fewer rows (the end of the walk) one by one.
void DbWriter::Flush(std::vector<DirRow>* rows, sqlite3_stmt* many, sqlite3_stmt* one, int columns,
                     void (DbWriter::*bind)(sqlite3_stmt*, int, const DirRow&)) {
  if (rows->size() == kSqliteRowsPerInsert) {
    for (int i = 0; i < kSqliteRowsPerInsert; ++i) (this->*bind)(many, i * columns, (*rows)[static_cast<size_t>(i)]);
    Step(many);
  } else {
    for (const DirRow& row : *rows) {
      (this->*bind)(one, 0, row);
      Step(one);
    }
  }
  rows->clear();
}

void DbWriter::FlushDirectories() {
  Flush(&directories_, insert_dirs_, insert_dir_, kDirectoryColumns, &DbWriter::BindDirectory);
}

void DbWriter::FlushStats() { Flush(&stats_, insert_stats_many_, insert_stats_, kStatsColumns, &DbWriter::BindStats); }

void DbWriter::Finish(const OwnerRows& owners, const TreeTotals& t, const ScanInfo& info) {
  FlushDirectories();
  FlushStats();
  sqlite3_stmt* owner = Prepare("INSERT INTO owner_summary VALUES (?, ?, ?, ?, ?)");
  sqlite3_stmt* access = Prepare("INSERT INTO access_histogram VALUES (?, ?, ?, ?)");
  sqlite3_stmt* sizes = Prepare("INSERT INTO size_histogram VALUES (?, ?, ?, ?)");
  auto finalize = [&] {
    sqlite3_finalize(owner);
    sqlite3_finalize(access);
    sqlite3_finalize(sizes);
  };
  auto insert_buckets = [&](sqlite3_stmt* stmt, const std::vector<OwnerRows::Bucket>& buckets) {
    for (const OwnerRows::Bucket& b : buckets) {
      sqlite3_bind_int64(stmt, 1, b.uid);
      sqlite3_bind_int64(stmt, 2, b.index);
      sqlite3_bind_int64(stmt, 3, Signed(b.count, name_));
      sqlite3_bind_int64(stmt, 4, Signed(b.bytes, name_));
      Step(stmt);
    }
  };
  try {
    for (const OwnerRows::Summary& o : owners.summaries) {
      sqlite3_bind_int64(owner, 1, o.uid);
      sqlite3_bind_int64(owner, 2, Signed(o.bytes, name_));
      sqlite3_bind_int64(owner, 3, Signed(o.files, name_));
      sqlite3_bind_int64(owner, 4, Signed(o.directories, name_));
      sqlite3_bind_int64(owner, 5, Signed(o.logical, name_));
      Step(owner);
    }
    insert_buckets(sizes, owners.sizes);
    insert_buckets(access, owners.ages);
  } catch (...) {
    finalize();
    throw;
  }
  finalize();

  sqlite3_stmt* meta = Prepare("INSERT INTO scan_metadata VALUES (1, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)");
  std::string scan_time = info.scan_time_us ? FormatScanTime(*info.scan_time_us) : std::string();
  std::string filesystem = t.roots.empty() ? std::string() : t.roots.front();
  sqlite3_bind_text(meta, 1, info.source_file.data(), static_cast<int>(info.source_file.size()), SQLITE_STATIC);
  if (info.scan_time_us) {
    sqlite3_bind_text(meta, 2, scan_time.data(), static_cast<int>(scan_time.size()), SQLITE_STATIC);
  } else {
    sqlite3_bind_null(meta, 2);
  }
  sqlite3_bind_text(meta, 3, filesystem.data(), static_cast<int>(filesystem.size()), SQLITE_STATIC);
  sqlite3_bind_int64(meta, 4, Signed(t.directories, name_));
  sqlite3_bind_int64(meta, 5, Signed(t.files, name_));
  sqlite3_bind_int64(meta, 6, Signed(t.bytes, name_));
  sqlite3_bind_int64(meta, 7, Signed(t.logical, name_));
  sqlite3_bind_text(meta, 8, info.dialect.data(), static_cast<int>(info.dialect.size()), SQLITE_STATIC);
  sqlite3_bind_int64(meta, 9, Signed(info.lines, name_));
  sqlite3_bind_int64(meta, 10, Signed(info.errors_skipped, name_));
  int rc = sqlite3_step(meta);
  sqlite3_finalize(meta);
  if (rc != SQLITE_DONE) Fail("insert failed");

  const auto indexing = std::chrono::steady_clock::now();
  Exec(kIndexes);
  Exec("COMMIT");
  index_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - indexing).count();
  sqlite3_finalize(insert_dir_);
  sqlite3_finalize(insert_dirs_);
  sqlite3_finalize(insert_stats_);
  sqlite3_finalize(insert_stats_many_);
  insert_dir_ = insert_dirs_ = insert_stats_ = insert_stats_many_ = nullptr;
  if (sqlite3_close(db_) != SQLITE_OK) Fail("cannot close");
  db_ = nullptr;
}

}  // namespace recpipe::scan2db
