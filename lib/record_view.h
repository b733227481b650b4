// Read access to records inside a batch payload, without copying: views point into the batch buffer and live as
// long as it does. ValidateBatch must have accepted the payload first; after that no access can run out of bounds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lib/batch_builder.h"
#include "lib/endian.h"
#include "lib/frame.h"
#include "lib/schema.h"

namespace recpipe {

class RecordView {
 public:
  // data points at the record after its length prefix (if any); size is the bytes from there to its end.
  RecordView(const char* data, uint32_t size, const TableLayout* layout) : data_(data), size_(size), layout_(layout) {}

  bool IsNull(size_t field) const {
    int bit = layout_->slot(field).nullable_index;
    return bit >= 0 && (static_cast<unsigned char>(data_[bit >> 3]) >> (bit & 7)) & 1;
  }
  // Fixed-width access; the caller picks the accessor that matches the field type.
  template <typename T>
  T Get(size_t field) const {
    return Load<T>(data_ + layout_->slot(field).offset);
  }
  int64_t GetInt(size_t field) const;    // any signed or unsigned integer type, or bool, widened
  uint64_t GetUInt(size_t field) const;  // unsigned types
  double GetFloat(size_t field) const;   // f32 or f64
  // String or bytes fields: walks the variable part, so prefer Variables() when reading several.
  std::string_view GetBytes(size_t field) const;
  // All variable fields in order, written into out[0 .. variable_count).
  void Variables(std::string_view* out) const;

  const char* data() const { return data_; }
  uint32_t size() const { return size_; }

 private:
  const char* data_;
  uint32_t size_;
  const TableLayout* layout_;
};

// Calls fn(RecordView) for each record of a validated batch payload.
template <typename Fn>
void ForEachRecord(const TableLayout& layout, std::string_view payload, Fn&& fn) {
  const char* p = payload.data();
  const char* end = p + payload.size();
  if (layout.fixed_size()) {
    uint32_t n = layout.record_size();
    for (; p < end; p += n) fn(RecordView(p, n, &layout));
  } else {
    while (p < end) {
      uint32_t n = Load<uint32_t>(p);
      fn(RecordView(p + 4, n, &layout));
      p += 4 + n;
    }
  }
}

// Calls fn(RecordView) for each record of a run of validated batch frames (headers and payloads back to back).
template <typename Fn>
void ForEachRecordInFrames(const TableLayout& layout, std::string_view frames, Fn&& fn) {
  while (!frames.empty()) {
    FrameHeader h = DecodeFrameHeader(frames.data());
    ForEachRecord(layout, frames.substr(kFrameHeaderSize, h.length), fn);
    frames.remove_prefix(kFrameHeaderSize + h.length);
  }
}

// Appends every record of a run of batch frames to builder (re-batching them under its table id and batch size);
// returns how many there were.
uint64_t Rebatch(const TableLayout& layout, std::string_view frames, BatchBuilder& builder);

// Checks that the payload holds exactly `count` well-formed records of this layout: lengths that stay inside, bool
// bytes of 0 or 1, unused null-bitmap bits of 0, and no records at all in a table without fields. On failure
// returns false and sets *why to what is wrong, naming the record (first_record + its place in the batch, so
// that callers can count within the table) and the field.
bool ValidateBatch(const TableLayout& layout, std::string_view payload, uint32_t count, std::string* why,
                   uint64_t first_record = 0);

}  // namespace recpipe
