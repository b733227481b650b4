#include "cmd/dedupe/exact_spill_store.h"

#include <algorithm>
#include <string>


namespace recpipe::dedupe {
namespace {

constexpr char kWhere[] = "dedupe: temporary database for --exact --memory";

// SQLite compares BLOBs with memcmp, then by length: the same order as string_view's.
bool BlobLess(std::string_view a, std::string_view b) { return a < b; }

// An empty key may have no address (an empty view); SQLite would bind a null pointer as NULL, not as an empty
// BLOB, and INSERT OR IGNORE would then drop it quietly.
void BindKey(sqlite3_stmt* st, std::string_view k) {
  sqlite3_bind_blob(st, 1, k.empty() ? "" : k.data(), static_cast<int>(k.size()), SQLITE_STATIC);
}

}  // namespace

ExactSpillStore::ExactSpillStore(size_t filter_bytes) : db_(kWhere, kCacheKiB), filter_bytes_(filter_bytes) {
  db_.Exec("CREATE TABLE x (k BLOB PRIMARY KEY) WITHOUT ROWID");
  insert_ = db_.Prepare("INSERT OR IGNORE INTO x (k) VALUES (?)");
  select_ = db_.Prepare("SELECT 1 FROM x WHERE k = ?");
}

void ExactSpillStore::Spill(ExactKeySet* set) {
  if (!filter_) filter_ = std::make_unique<SpillFilter>(filter_bytes_);
  // Sorted, the inserts walk the B-tree in order. The views point into the set's arena, which lives until Clear.
  std::vector<std::string_view> keys;
  keys.reserve(set->size());
  set->ForEach([&](std::string_view k) { keys.push_back(k); });
  std::sort(keys.begin(), keys.end(), BlobLess);
  db_.Exec("BEGIN");
  for (std::string_view k : keys) {
    filter_->Add(FingerprintOf(k));
    BindKey(insert_, k);
    int rc = sqlite3_step(insert_);
    sqlite3_reset(insert_);
    if (rc != SQLITE_DONE) db_.Fail();
  }
  db_.Exec("COMMIT");
  stored_ += keys.size();
  keys.clear();
  keys.shrink_to_fit();
  set->Clear();
}

void ExactSpillStore::Lookup(const std::vector<std::string_view>& keys, const std::vector<Fingerprint>& fps,
                             std::vector<bool>* found) {
  found->assign(keys.size(), false);
  if (stored_ == 0) return;
  maybe_.clear();
  for (size_t i = 0; i < keys.size(); ++i) {
    if (filter_->MayContain(fps[i])) maybe_.push_back(i);
  }
  std::sort(maybe_.begin(), maybe_.end(), [&](size_t a, size_t b) { return BlobLess(keys[a], keys[b]); });
  for (size_t i : maybe_) {
    BindKey(select_, keys[i]);
    int rc = sqlite3_step(select_);
    sqlite3_reset(select_);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) db_.Fail();
    (*found)[i] = rc == SQLITE_ROW;
  }
}

}  // namespace recpipe::dedupe
