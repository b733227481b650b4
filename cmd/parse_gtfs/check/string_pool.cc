#include "cmd/parse_gtfs/check/string_pool.h"

#include <cstring>

namespace recpipe::parse_gtfs::check {

std::string_view StringPool::Store(std::string_view value) {
  if (value.size() > kChunk / 4) {  // a long value gets a block of its own
    big_.push_back(std::make_unique<char[]>(value.size()));
    std::memcpy(big_.back().get(), value.data(), value.size());
    return {big_.back().get(), value.size()};
  }
  if (used_ + value.size() > kChunk) {
    chunks_.push_back(std::make_unique<char[]>(kChunk));
    used_ = 0;
  }
  char* p = chunks_.back().get() + used_;
  if (!value.empty()) std::memcpy(p, value.data(), value.size());
  used_ += value.size();
  return {p, value.size()};
}

uint32_t StringPool::Intern(std::string_view value, bool* added) {
  auto it = ids_.find(value);
  if (it != ids_.end()) {
    if (added != nullptr) *added = false;
    return it->second;
  }
  std::string_view stored = Store(value);
  const uint32_t id = static_cast<uint32_t>(values_.size());
  values_.push_back(stored);
  ids_.emplace(stored, id);
  if (added != nullptr) *added = true;
  return id;
}

std::optional<uint32_t> StringPool::Find(std::string_view value) const {
  auto it = ids_.find(value);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

}  // namespace recpipe::parse_gtfs::check
