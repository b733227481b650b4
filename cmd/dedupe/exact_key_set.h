// --exact: the keys themselves, for users who cannot accept the fingerprints' collision probability. Key bytes live
// in an arena of large chunks (views stay valid as it grows) and are found through a hash set of views, so the cost
// is the key's length plus about 40 bytes of set overhead per distinct key. One owner.
#pragma once

#include <algorithm>
#include <memory>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace recpipe::dedupe {

class ExactKeySet {
 public:
  // Adds the key; returns true when it was not there before.
  bool Insert(std::string_view key) {
    if (keys_.count(key)) return false;
    keys_.insert(Store(key));
    return true;
  }
  bool Contains(std::string_view key) const { return keys_.count(key) != 0; }
  size_t size() const { return keys_.size(); }
  // What the next rehash allocates while the old buckets still live: twice as many 8-byte buckets.
  size_t growth_bytes() const { return keys_.bucket_count() * 2 * sizeof(void*); }
  // Calls fn(std::string_view) for every key, in no particular order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (std::string_view k : keys_) fn(k);
  }
  // Empties the set and gives its memory back.
  void Clear() {
    std::unordered_set<std::string_view>().swap(keys_);
    chunks_.clear();
    chunks_.shrink_to_fit();
    chunk_pos_ = nullptr;
    chunk_free_ = 0;
  }

 private:
  std::string_view Store(std::string_view key) {
    if (chunk_free_ < key.size()) {
      size_t size = std::max(kChunk, key.size());
      chunks_.emplace_back(new char[size]);
      chunk_pos_ = chunks_.back().get();
      chunk_free_ = size;
    }
    std::copy(key.begin(), key.end(), chunk_pos_);
    std::string_view stored(chunk_pos_, key.size());
    chunk_pos_ += key.size();
    chunk_free_ -= key.size();
    return stored;
  }

  static constexpr size_t kChunk = 1 << 20;
  std::vector<std::unique_ptr<char[]>> chunks_;
  char* chunk_pos_ = nullptr;
  size_t chunk_free_ = 0;
  std::unordered_set<std::string_view> keys_;
};

}  // namespace recpipe::dedupe
