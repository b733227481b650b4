#include "cmd/dedupe/spill_store.h"

#include <string>


namespace recpipe::dedupe {
namespace {

constexpr int kCacheKiB = 4 * 1024;
constexpr char kWhere[] = "dedupe: temporary database for --memory";

}  // namespace

SpillStore::SpillStore(size_t filter_bytes)
    : db_(kWhere, kCacheKiB), table_(db_.db(), "k", kWhere), filter_bytes_(filter_bytes) {}

void SpillStore::Spill(FingerprintSet* set) {
  // Shard by shard, so that only 1/256 of the set is ever copied. Shards go in the B-tree's (signed) order of
  // their high byte, 0x80..0xff then 0x00..0x7f, and each is sorted: the inserts walk the tree in order.
  if (!filter_) filter_ = std::make_unique<SpillFilter>(filter_bytes_);
  std::vector<Fingerprint> shard;
  db_.Exec("BEGIN");
  for (size_t k = 0; k < 256; ++k) {
    shard.clear();
    set->DrainShard((k + 128) % 256, [&](const Fingerprint& fp) { shard.push_back(fp); });
    SortInSqliteOrder(&shard);
    for (const Fingerprint& fp : shard) filter_->Add(fp);
    table_.Insert(shard.data(), shard.size());
    stored_ += shard.size();
  }
  db_.Exec("COMMIT");
}

void SpillStore::Lookup(const std::vector<Fingerprint>& fps, std::vector<bool>* found) {
  found->assign(fps.size(), false);
  if (stored_ == 0) return;
  maybe_.clear();
  maybe_index_.clear();
  for (size_t i = 0; i < fps.size(); ++i) {
    if (!filter_->MayContain(fps[i])) continue;
    maybe_.push_back(fps[i]);
    maybe_index_.push_back(i);
  }
  filtered_ += fps.size() - maybe_.size();
  looked_up_ += maybe_.size();
  table_.Lookup(maybe_, &maybe_found_);
  for (size_t j = 0; j < maybe_.size(); ++j) (*found)[maybe_index_[j]] = maybe_found_[j];
}

}  // namespace recpipe::dedupe
