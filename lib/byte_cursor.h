// Reading and writing the small length-prefixed structures of schema and end frames. ByteReader throws DataError
// with the caller's context when the payload ends early, so decoders need no bounds checks of their own.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lib/endian.h"
#include "lib/error.h"

namespace recpipe {

class ByteReader {
 public:
  ByteReader(std::string_view data, const char* context) : data_(data), context_(context) {}

  template <typename T>
  T Read() {
    Need(sizeof(T));
    T v = Load<T>(data_.data() + pos_);
    pos_ += sizeof(T);
    return v;
  }
  std::string_view ReadString() {
    uint32_t n = Read<uint32_t>();
    Need(n);
    std::string_view s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  bool AtEnd() const { return pos_ == data_.size(); }
  size_t position() const { return pos_; }

 private:
  void Need(size_t n) const {
    if (data_.size() - pos_ < n) {
      throw DataError(std::string(context_) + ": payload ends early at byte " + std::to_string(pos_));
    }
  }
  std::string_view data_;
  const char* context_;
  size_t pos_ = 0;
};

class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}
  template <typename T>
  void Write(T v) {
    char buf[sizeof(T)];
    Store<T>(buf, v);
    out_->append(buf, sizeof buf);
  }
  void WriteString(std::string_view s) {
    Write<uint32_t>(static_cast<uint32_t>(s.size()));
    out_->append(s);
  }

 private:
  std::string* out_;
};

}  // namespace recpipe
