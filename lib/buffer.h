// A growable byte buffer that, unlike std::string, does not zero what it grows into: the hot loops of the parsers
// append millions of small records and write every byte they reserve. Not thread-safe; move it between threads.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace recpipe {

class Buffer {
 public:
  Buffer() = default;
  Buffer(Buffer&&) noexcept = default;
  Buffer& operator=(Buffer&&) noexcept = default;

  char* data() { return data_.get(); }
  const char* data() const { return data_.get(); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t capacity() const { return capacity_; }
  std::string_view view() const { return {data_.get(), size_}; }

  void clear() { size_ = 0; }
  void reserve(size_t n) {
    if (n > capacity_) Grow(n);
  }
  // Makes room for n more bytes and returns where they start; the caller writes all n of them.
  char* Extend(size_t n) {
    if (size_ + n > capacity_) Grow(size_ + n);
    char* p = data_.get() + size_;
    size_ += n;
    return p;
  }
  void Append(const void* p, size_t n) {
    if (n != 0) std::memcpy(Extend(n), p, n);
  }
  void Append(std::string_view s) { Append(s.data(), s.size()); }
  void Truncate(size_t n) { size_ = n; }

 private:
  void Grow(size_t need) {
    size_t cap = capacity_ < 4096 ? 4096 : capacity_;
    while (cap < need) cap *= 2;
    std::unique_ptr<char[]> bigger(new char[cap]);
    if (size_ != 0) std::memcpy(bigger.get(), data_.get(), size_);
    data_ = std::move(bigger);
    capacity_ = cap;
  }

  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace recpipe
