#include "lib/fingerprint_set.h"

#include <xxhash.h>

namespace recpipe {

namespace {
constexpr size_t kShards = 256;
constexpr size_t kInitialCapacity = 16;
constexpr double kMaxLoad = 0.85;
constexpr double kGrowth = 1.25;

bool Empty(const Fingerprint& fp) { return fp.low == 0 && fp.high == 0; }
}  // namespace

Fingerprint FingerprintOf(std::string_view key) {
  XXH128_hash_t h = XXH3_128bits(key.data(), key.size());
  return {h.low64, h.high64};
}

FingerprintSet::FingerprintSet() : shards_(new Shard[kShards]) {}

size_t FingerprintSet::size() const {
  size_t n = 0;
  for (size_t i = 0; i < kShards; ++i) n += shards_[i].size();
  return n;
}

size_t FingerprintSet::memory_bytes() const {
  size_t n = 0;
  for (size_t i = 0; i < kShards; ++i) n += shards_[i].capacity() * sizeof(Fingerprint);
  return n;
}

void FingerprintSet::Clear() { shards_.reset(new Shard[kShards]); }

FingerprintSet::Shard::Shard()
    : slots_(new Fingerprint[kInitialCapacity]()),
      capacity_(kInitialCapacity),
      grow_at_(static_cast<size_t>(kInitialCapacity * kMaxLoad)) {}

bool FingerprintSet::Shard::Insert(const Fingerprint& fp) {
  if (size_ >= grow_at_) Grow();
  for (size_t i = Slot(fp);; i = i + 1 == capacity_ ? 0 : i + 1) {
    Fingerprint& s = slots_[i];
    if (s == fp) return false;
    if (Empty(s)) {
      s = fp;
      ++size_;
      return true;
    }
  }
}

bool FingerprintSet::Shard::Contains(const Fingerprint& fp) const {
  for (size_t i = Slot(fp);; i = i + 1 == capacity_ ? 0 : i + 1) {
    const Fingerprint& s = slots_[i];
    if (s == fp) return true;
    if (Empty(s)) return false;
  }
}

void FingerprintSet::Shard::Grow() {
  size_t old_capacity = capacity_;
  std::unique_ptr<Fingerprint[]> old = std::move(slots_);
  capacity_ = static_cast<size_t>(static_cast<double>(capacity_) * kGrowth) + 1;
  slots_.reset(new Fingerprint[capacity_]());
  grow_at_ = static_cast<size_t>(static_cast<double>(capacity_) * kMaxLoad);
  for (size_t j = 0; j < old_capacity; ++j) {
    const Fingerprint& fp = old[j];
    if (Empty(fp)) continue;
    for (size_t i = Slot(fp);; i = i + 1 == capacity_ ? 0 : i + 1) {
      if (Empty(slots_[i])) {
        slots_[i] = fp;
        break;
      }
    }
  }
}

}  // namespace recpipe
