#include "cmd/dedupe/key_index.h"

#include <algorithm>

#include "lib/endian.h"
#include "lib/error.h"

namespace recpipe::dedupe {
namespace {

constexpr size_t kBatch = 1 << 20;

// Two signed 64-bit integers: SQLite's integer keys compare faster than 16-byte blobs.
int64_t AsSigned(uint64_t v) { return static_cast<int64_t>(v); }

}  // namespace

KeyIndex::KeyIndex(const std::string& path) : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    Fail("cannot open");
  }
  Exec("PRAGMA journal_mode=WAL");
  Exec("PRAGMA synchronous=NORMAL");
  Exec("CREATE TABLE IF NOT EXISTS recpipe_dedupe_keys (hi INTEGER NOT NULL, lo INTEGER NOT NULL, "
       "PRIMARY KEY (hi, lo)) WITHOUT ROWID");
}

KeyIndex::~KeyIndex() { sqlite3_close(db_); }

void KeyIndex::Fail(const std::string& what) const {
  throw DataError(path_ + ": " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
}

void KeyIndex::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string why = err ? err : "error";
    sqlite3_free(err);
    throw DataError(path_ + ": " + why);
  }
}

uint64_t KeyIndex::LoadInto(FingerprintSet* set) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT hi, lo FROM recpipe_dedupe_keys", -1, &st, nullptr) != SQLITE_OK) {
    Fail("cannot read the keys");
  }
  uint64_t n = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    set->Insert({static_cast<uint64_t>(sqlite3_column_int64(st, 1)), static_cast<uint64_t>(sqlite3_column_int64(st, 0))});
    ++n;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) Fail("cannot read the keys");
  return n;
}

uint64_t KeyIndex::Commit() {
  // Sorted keys go into the B-tree in order: pages fill one after another instead of at random.
  std::sort(pending_.begin(), pending_.end(), [](const Fingerprint& a, const Fingerprint& b) {
    return AsSigned(a.high) != AsSigned(b.high) ? AsSigned(a.high) < AsSigned(b.high) : AsSigned(a.low) < AsSigned(b.low);
  });
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "INSERT OR IGNORE INTO recpipe_dedupe_keys (hi, lo) VALUES (?, ?)", -1, &st, nullptr) !=
      SQLITE_OK) {
    Fail("cannot write the keys");
  }
  uint64_t n = 0;
  for (size_t start = 0; start < pending_.size(); start += kBatch) {
    Exec("BEGIN");
    size_t end = std::min(pending_.size(), start + kBatch);
    for (size_t i = start; i < end; ++i) {
      sqlite3_bind_int64(st, 1, AsSigned(pending_[i].high));
      sqlite3_bind_int64(st, 2, AsSigned(pending_[i].low));
      if (sqlite3_step(st) != SQLITE_DONE) {
        sqlite3_finalize(st);
        Fail("cannot write the keys");
      }
      sqlite3_reset(st);
      ++n;
    }
    Exec("COMMIT");
  }
  sqlite3_finalize(st);
  pending_.clear();
  return n;
}

}  // namespace recpipe::dedupe
