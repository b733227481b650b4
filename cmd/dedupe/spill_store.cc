#include "cmd/dedupe/spill_store.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "lib/error.h"

namespace recpipe::dedupe {
namespace {

constexpr int kCacheKiB = 8 * 1024;

bool Less(const Fingerprint& a, const Fingerprint& b) {
  auto ah = static_cast<int64_t>(a.high), bh = static_cast<int64_t>(b.high);
  return ah != bh ? ah < bh : static_cast<int64_t>(a.low) < static_cast<int64_t>(b.low);
}

}  // namespace

SpillStore::SpillStore() {
  // An empty file name makes SQLite open a private temporary database on disk, removed when it is closed.
  if (sqlite3_open("", &db_) != SQLITE_OK) throw DataError("dedupe: cannot open a temporary database for --memory");
  Exec(("PRAGMA cache_size=-" + std::to_string(kCacheKiB)).c_str());
  Exec("PRAGMA journal_mode=OFF");
  Exec("PRAGMA synchronous=OFF");
  Exec("CREATE TABLE k (hi INTEGER NOT NULL, lo INTEGER NOT NULL, PRIMARY KEY (hi, lo)) WITHOUT ROWID");
  if (sqlite3_prepare_v2(db_, "INSERT OR IGNORE INTO k VALUES (?, ?)", -1, &insert_, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db_, "SELECT 1 FROM k WHERE hi = ? AND lo = ?", -1, &select_, nullptr) != SQLITE_OK) {
    throw DataError(std::string("dedupe: temporary database: ") + sqlite3_errmsg(db_));
  }
}

SpillStore::~SpillStore() {
  sqlite3_finalize(insert_);
  sqlite3_finalize(select_);
  sqlite3_close(db_);
}

void SpillStore::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string why = err ? err : "error";
    sqlite3_free(err);
    throw DataError("dedupe: temporary database: " + why);
  }
}

void SpillStore::Spill(FingerprintSet* set) {
  // Shard by shard, so that only 1/256 of the set is ever copied. Shards go in the B-tree's (signed) order of
  // their high byte, 0x80..0xff then 0x00..0x7f, and each is sorted: the inserts walk the tree in order.
  std::vector<Fingerprint> shard;
  Exec("BEGIN");
  for (size_t k = 0; k < 256; ++k) {
    shard.clear();
    set->DrainShard((k + 128) % 256, [&](const Fingerprint& fp) { shard.push_back(fp); });
    std::sort(shard.begin(), shard.end(), Less);
    for (const Fingerprint& fp : shard) {
      sqlite3_bind_int64(insert_, 1, static_cast<int64_t>(fp.high));
      sqlite3_bind_int64(insert_, 2, static_cast<int64_t>(fp.low));
      if (sqlite3_step(insert_) != SQLITE_DONE) {
        throw DataError(std::string("dedupe: temporary database: ") + sqlite3_errmsg(db_));
      }
      sqlite3_reset(insert_);
    }
    stored_ += shard.size();
  }
  Exec("COMMIT");
}

void SpillStore::Lookup(const std::vector<Fingerprint>& fps, std::vector<bool>* found) {
  found->assign(fps.size(), false);
  if (stored_ == 0) return;
  std::vector<size_t> order(fps.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return Less(fps[a], fps[b]); });
  for (size_t i : order) {
    sqlite3_bind_int64(select_, 1, static_cast<int64_t>(fps[i].high));
    sqlite3_bind_int64(select_, 2, static_cast<int64_t>(fps[i].low));
    int rc = sqlite3_step(select_);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      throw DataError(std::string("dedupe: temporary database: ") + sqlite3_errmsg(db_));
    }
    (*found)[i] = rc == SQLITE_ROW;
    sqlite3_reset(select_);
  }
}

}  // namespace recpipe::dedupe
