#include "lib/sql/sqlite_sink.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "lib/endian.h"
#include "lib/error.h"
#include "lib/frame.h"
#include "lib/record_view.h"
#include "lib/sql/sql_names.h"

namespace recpipe {

struct SqliteSink::Table {
  const Schema* schema;
  const TableLayout* layout;
  std::string where;  // "NAME: table 'T'"
  int rows_per_insert = 1;
  Stmt many, one;
  uint64_t rows = 0;  // inserted so far, for messages
  std::vector<std::string_view> vars;
  std::vector<RecordView> pending;
};

void SqliteSink::StmtDeleter::operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }

SqliteSink::SqliteSink(OutputFile& out) : name_(out.name()) {
  if (!out.atomic()) {
    throw DataError(name_ +
                    ": an SQLite database is written to a regular file under a temporary name and renamed "
                    "on success; give -o NAME");
  }
  int rc = sqlite3_open_v2(out.temp_name().c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  try {
    if (rc != SQLITE_OK) Fail("opening the database", rc);
    // Nothing else sees the temporary file, and a failed run removes it: no journal, no syncs, no shared lock.
    Exec(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; "
        "PRAGMA cache_size=-65536; BEGIN",
        "setting up the database");
    thread_ = std::thread([this] { Run(); });
  } catch (...) {
    sqlite3_close_v2(db_);  // the destructor does not run for a constructor that throws
    throw;
  }
}

SqliteSink::~SqliteSink() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  work_.notify_all();
  thread_.join();
  tables_.clear();  // statements before the connection
  if (db_) sqlite3_close_v2(db_);
}

void SqliteSink::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    work_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (stop_) return;  // the command failed (Finish drains the queue first): the rest is not wanted
    auto [work, bytes] = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    std::exception_ptr error;
    try {
      work();
    } catch (...) {
      error = std::current_exception();
    }
    work = nullptr;  // frees (or gives back) what the work held, outside the lock
    lock.lock();
    busy_ = false;
    queued_bytes_ -= bytes;
    if (error && !error_) error_ = error;
    if (error_) {  // nothing more is done after an error: drop the rest
      queue_.clear();
      queued_bytes_ = 0;
    }
    done_.notify_all();
  }
}

void SqliteSink::Post(std::function<void()> work, size_t bytes) {
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return error_ || queued_bytes_ == 0 || queued_bytes_ + bytes <= kSqliteQueueBytes; });
  if (error_) std::rethrow_exception(error_);
  queue_.emplace_back(std::move(work), bytes);
  queued_bytes_ += bytes;
  work_.notify_one();
}

void SqliteSink::Drain() {
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return error_ || (queue_.empty() && !busy_); });
  if (error_) std::rethrow_exception(error_);
}

void SqliteSink::Fail(const std::string& where, int rc) {
  std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  throw DataError(name_ + ": " + where + ": SQLite: " + why);
}

void SqliteSink::Exec(const std::string& sql, const std::string& where) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string why = err ? err : "error";
    sqlite3_free(err);
    throw DataError(name_ + ": " + where + ": SQLite: " + why);
  }
}

SqliteSink::Stmt SqliteSink::Prepare(const std::string& sql, const std::string& where) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) Fail(where, rc);
  return Stmt(s);
}

void SqliteSink::DeclareTable(uint32_t id, const Schema& schema, const TableLayout& layout) {
  Post([this, id, &schema, &layout] { CreateTable(id, schema, layout); });
}

void SqliteSink::Add(uint32_t id, std::string_view frames) {
  std::string copy;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!spare_.empty()) {
      copy.swap(spare_.back());
      spare_.pop_back();
    }
  }
  copy.assign(frames);
  auto held = std::make_shared<std::string>(std::move(copy));
  Post(
      [this, id, held] {
        Insert(id, *held);
        std::lock_guard<std::mutex> lock(mutex_);
        if (spare_.size() < 4) spare_.push_back(std::move(*held));
      },
      frames.size());
}

void SqliteSink::AddIndex(const std::string& table, const std::vector<std::string>& columns) {
  Post([this, table, columns] { indexes_.emplace_back(table, columns); });
}

void SqliteSink::Finish() {
  Post([this] { IndexAndCommit(); });
  Drain();
}

void SqliteSink::CreateTable(uint32_t id, const Schema& schema, const TableLayout& layout) {
  auto t = std::make_unique<Table>();
  t->schema = &schema;
  t->layout = &layout;
  t->where = "table '" + schema.name + "'";
  t->vars.resize(layout.variable_count());
  const std::string table = QuoteSqlName(schema.name);
  std::string create = "CREATE TABLE " + table + " (";
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    const Field& f = schema.fields[i];
    if (i) create += ", ";
    create += QuoteSqlName(f.name) + " " + SqlColumnType(f) + (f.nullable ? "" : " NOT NULL");
  }
  create += ")";
  Exec(create, t->where);
  const size_t ncols = schema.fields.size();
  if (ncols > 0) {
    // SQLite allows at most 32766 parameters in one statement.
    t->rows_per_insert = static_cast<int>(std::max<size_t>(1, std::min<size_t>(kSqliteRowsPerInsert, 32766 / ncols)));
    t->one = Prepare(InsertRowsSql(table, ncols, 1), t->where);
    t->many = Prepare(InsertRowsSql(table, ncols, t->rows_per_insert), t->where);
  }
  tables_[id] = std::move(t);
}

void SqliteSink::Bind(Table& t, sqlite3_stmt* stmt, int first_param, const char* record, uint32_t size) {
  const TableLayout& layout = *t.layout;
  RecordView r(record, size, &layout);
  if (!t.vars.empty()) r.Variables(t.vars.data());
  const size_t n = layout.field_count();
  for (size_t i = 0; i < n; ++i) {
    const TableLayout::Slot& slot = layout.slot(i);
    const int p = first_param + static_cast<int>(i);
    const char* v = record + slot.offset;
    int rc;
    if (r.IsNull(i)) {
      rc = sqlite3_bind_null(stmt, p);
    } else {
      switch (slot.type) {
        case Type::kString:
        case Type::kBytes: {
          std::string_view s = t.vars[static_cast<size_t>(slot.variable_index)];
          // An empty value still needs a pointer, or SQLite binds NULL.
          const char* data = s.empty() ? "" : s.data();
          rc = slot.type == Type::kString ? sqlite3_bind_text(stmt, p, data, static_cast<int>(s.size()), SQLITE_STATIC)
                                          : sqlite3_bind_blob(stmt, p, data, static_cast<int>(s.size()), SQLITE_STATIC);
          break;
        }
        case Type::kF32:
        case Type::kF64: {
          double d = slot.type == Type::kF32 ? Load<float>(v) : Load<double>(v);
          if (std::isnan(d)) ValueError(t, i, "NaN, which SQLite cannot store (it would become NULL)");
          rc = sqlite3_bind_double(stmt, p, d);
          break;
        }
        case Type::kU64: {
          uint64_t u = Load<uint64_t>(v);
          if (u > static_cast<uint64_t>(INT64_MAX)) {
            ValueError(t, i, std::to_string(u) + " is above 2^63-1, the largest SQLite INTEGER");
          }
          rc = sqlite3_bind_int64(stmt, p, static_cast<int64_t>(u));
          break;
        }
        case Type::kI32: rc = sqlite3_bind_int(stmt, p, Load<int32_t>(v)); break;
        case Type::kI64: rc = sqlite3_bind_int64(stmt, p, Load<int64_t>(v)); break;
        case Type::kU32: rc = sqlite3_bind_int64(stmt, p, Load<uint32_t>(v)); break;
        default: rc = sqlite3_bind_int(stmt, p, static_cast<int>(r.GetInt(i)));  // 8 and 16 bits, bool
      }
    }
    if (rc != SQLITE_OK) Fail(t.where + ", field '" + t.schema->fields[i].name + "'", rc);
  }
  ++t.rows;
}

void SqliteSink::ValueError(const Table& t, size_t field, const std::string& what) {
  throw DataError(name_ + ": " + t.where + ", record " + std::to_string(t.rows + 1) + ", field '" +
                  t.schema->fields[field].name + "': " + what);
}

void SqliteSink::Step(Table& t, sqlite3_stmt* stmt) {
  int rc = sqlite3_step(stmt);
  if (rc != SQLITE_DONE) {
    sqlite3_reset(stmt);
    Fail(t.where + ", near record " + std::to_string(t.rows), rc);
  }
  sqlite3_reset(stmt);
}

void SqliteSink::Insert(uint32_t id, std::string_view frames) {
  Table& t = *tables_.at(id);
  if (!t.one) return;  // a table without fields has nothing to insert
  const size_t ncols = t.schema->fields.size();
  t.pending.clear();
  ForEachRecordInFrames(*t.layout, frames, [&](const RecordView& r) { t.pending.push_back(r); });
  const size_t k = static_cast<size_t>(t.rows_per_insert);
  size_t i = 0;
  for (; k > 1 && i + k <= t.pending.size(); i += k) {
    for (size_t j = 0; j < k; ++j) {
      Bind(t, t.many.get(), static_cast<int>(j * ncols + 1), t.pending[i + j].data(), t.pending[i + j].size());
    }
    Step(t, t.many.get());
  }
  for (; i < t.pending.size(); ++i) {
    Bind(t, t.one.get(), 1, t.pending[i].data(), t.pending[i].size());
    Step(t, t.one.get());
  }
}

void SqliteSink::IndexAndCommit() {
  for (const auto& [table, columns] : indexes_) {
    const std::string where = "index on table '" + table + "'";
    const Table* t = nullptr;
    for (const auto& [id, candidate] : tables_) {
      if (candidate->schema->name == table) t = candidate.get();
    }
    if (!t) throw DataError(name_ + ": " + where + ": no such table in the output");
    std::string name = "idx_" + table, list;
    for (const std::string& c : columns) {
      if (!t->schema->FieldIndex(c)) throw DataError(name_ + ": " + where + ": no column '" + c + "'");
      name += "_" + c;
      list += (list.empty() ? "" : ", ") + QuoteSqlName(c);
    }
    if (columns.empty()) throw DataError(name_ + ": " + where + ": no columns");
    Exec("CREATE INDEX " + QuoteSqlName(name) + " ON " + QuoteSqlName(table) + " (" + list + ")", where);
  }
  for (auto& [id, t] : tables_) t->one.reset(), t->many.reset();
  Exec("COMMIT", "committing");
  int rc = sqlite3_close(db_);
  if (rc != SQLITE_OK) Fail("closing the database", rc);
  db_ = nullptr;
}

}  // namespace recpipe
