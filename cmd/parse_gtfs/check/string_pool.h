// Interned strings: each distinct value is stored once, in large chunks, and named by a dense id (0, 1, 2, ...)
// that the rules use as an index into their own per-key arrays. Not thread-safe (the checker is one thread).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace recpipe::parse_gtfs::check {

class StringPool {
 public:
  // The id of value, adding it when it is new (*added says which).
  uint32_t Intern(std::string_view value, bool* added = nullptr);
  std::optional<uint32_t> Find(std::string_view value) const;
  std::string_view Get(uint32_t id) const { return values_[id]; }
  size_t size() const { return values_.size(); }

 private:
  std::string_view Store(std::string_view value);

  static constexpr size_t kChunk = 1 << 16;
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::vector<std::unique_ptr<char[]>> big_;  // values longer than a quarter chunk
  size_t used_ = kChunk;                      // bytes used in the last chunk
  std::vector<std::string_view> values_;
  std::unordered_map<std::string_view, uint32_t> ids_;
};

}  // namespace recpipe::parse_gtfs::check
