#include "cmd/dedupe/key_index.h"

#include <algorithm>

#include "cmd/dedupe/sqlite_exec.h"
#include "lib/error.h"

namespace recpipe::dedupe {
namespace {

// Keys stored per transaction.
constexpr size_t kBatch = 1 << 20;
constexpr char kTable[] = "recpipe_dedupe_keys";
// Another dedupe may be writing the same index: wait for it rather than fail.
constexpr int kBusyMillis = 10 * 60 * 1000;

}  // namespace

KeyIndex::KeyIndex(const std::string& path) : path_(path) {
  db_ = Open();
  keys_ = std::make_unique<FingerprintTable>(db_, kTable, path_);
  runs_ = std::make_unique<PendingRuns>(db_, kTable, path_);
  store_table_ = kTable;
}

void KeyIndex::BeginRun(const std::string& name) {
  run_ = runs_->Begin(name);
  store_table_ = PendingRuns::TableOf(run_->id);
  run_keys_ = std::make_unique<FingerprintTable>(db_, store_table_, path_);
}

uint64_t KeyIndex::FinishRun() {
  WaitForBackground();
  run_stored_ += pending_.size();
  Store(db_, *run_keys_, &pending_);
  pending_.clear();
  runs_->MarkFinished(run_->id, run_stored_);
  return run_stored_;
}

sqlite3* KeyIndex::Open() {
  sqlite3* db = nullptr;
  // NOMUTEX: a connection is used by one thread at a time, so SQLite's own locking is cost without use.
  int rc = sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw DataError(path_ + ": cannot open: " + why);
  }
  sqlite3_busy_timeout(db, kBusyMillis);
  try {
    Exec(db, "PRAGMA journal_mode=WAL");
    Exec(db, "PRAGMA synchronous=NORMAL");
  } catch (...) {
    sqlite3_close(db);
    throw;
  }
  return db;
}

KeyIndex::~KeyIndex() {
  if (writer_.joinable()) writer_.join();
  writer_keys_.reset();
  if (writer_db_) sqlite3_close(writer_db_);
  parked_.reset();
  run_keys_.reset();
  runs_.reset();
  keys_.reset();
  sqlite3_close(db_);
}

void KeyIndex::Exec(sqlite3* db, const std::string& sql) { SqliteExec(db, sql, path_); }

void KeyIndex::LimitCache(int kib) {
  for (const char* schema : {"main", "temp"}) {
    Exec(db_, "PRAGMA " + std::string(schema) + ".cache_size=-" + std::to_string(kib));
  }
}

uint64_t KeyIndex::LoadInto(FingerprintSet* set) {
  uint64_t n = 0;
  keys_->ForEach([&](const Fingerprint& fp) {
    set->Insert(fp);
    ++n;
  });
  return n;
}

void KeyIndex::Lookup(const std::vector<Fingerprint>& fps, std::vector<bool>* found) { keys_->Lookup(fps, found); }

void KeyIndex::Store(sqlite3* db, FingerprintTable& table, std::vector<Fingerprint>* keys) {
  // Sorted keys go into the B-tree in order: pages fill one after another instead of at random.
  SortInSqliteOrder(keys);
  for (size_t start = 0; start < keys->size(); start += kBatch) {
    size_t n = std::min(keys->size() - start, kBatch);
    Exec(db, "BEGIN");
    try {
      table.Insert(keys->data() + start, n);
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
    Exec(db, "COMMIT");
  }
}

void KeyIndex::WaitForBackground() {
  if (writer_.joinable()) writer_.join();
  if (writer_error_) {
    std::exception_ptr e = writer_error_;
    writer_error_ = nullptr;
    std::rethrow_exception(e);
  }
}

void KeyIndex::CommitInBackground() {
  WaitForBackground();
  if (pending_.empty()) return;
  if (!writer_db_) {
    writer_db_ = Open();
    writer_keys_ = std::make_unique<FingerprintTable>(writer_db_, store_table_, path_);
  }
  storing_.swap(pending_);
  pending_.clear();
  if (run_) run_stored_ += storing_.size();
  writer_ = std::thread([this] {
    try {
      Store(writer_db_, *writer_keys_, &storing_);
    } catch (...) {
      writer_error_ = std::current_exception();
    }
    storing_.clear();
  });
}

void KeyIndex::Park() {
  if (pending_.empty()) return;
  if (!parked_) parked_ = std::make_unique<FingerprintTable>(db_, "temp.recpipe_dedupe_parked", path_);
  Store(db_, *parked_, &pending_);
  parked_count_ += pending_.size();
  pending_.clear();
  pending_.shrink_to_fit();
}

uint64_t KeyIndex::Commit() {
  WaitForBackground();
  uint64_t n = pending_.size() + parked_count_;
  Store(db_, *keys_, &pending_);
  pending_.clear();
  if (parked_) {
    // Parked keys went into their table in order, so reading it back is sorted too.
    Exec(db_, "BEGIN");
    std::string copy = std::string("INSERT OR IGNORE INTO ") + kTable + " (hi, lo) SELECT hi, lo FROM " +
                       parked_->name();
    Exec(db_, copy);
    Exec(db_, "COMMIT");
    Exec(db_, "DELETE FROM temp.recpipe_dedupe_parked");
    parked_count_ = 0;
  }
  return n;
}

}  // namespace recpipe::dedupe
