// Encodes records of one table straight into finished batch frames (header, checksum and all) appended to an
// output buffer, so a worker thread hands the writer bytes ready to go out. One builder per thread.
//
//   BatchBuilder b(&out, table_id, layout);
//   b.Begin(); b.SetFixed<int64_t>(0, 42); b.SetNull(1); b.AddVariable("text"); b.End();
//   ...
//   b.Finish();  // seals the last, partly filled batch
//
// Between Begin and End: fixed fields in any order, variable fields (string, bytes) in schema order, each exactly
// once (a null one as AddVariable({}) after SetNull).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "lib/buffer.h"
#include "lib/endian.h"
#include "lib/schema.h"
#include "lib/stream_format.h"

namespace recpipe {

class BatchBuilder {
 public:
  BatchBuilder(Buffer* out, uint32_t table_id, const TableLayout& layout, size_t batch_bytes = kDefaultBatchBytes)
      : out_(out), table_id_(table_id), layout_(layout), batch_bytes_(batch_bytes) {}

  void Begin() {
    if (frame_start_ == kNoFrame) StartFrame();
    record_start_ = out_->size();
    size_t head = layout_.bitmap_bytes() + layout_.fixed_bytes() + (layout_.fixed_size() ? 0 : 4);
    char* p = out_->Extend(head);
    std::memset(p, 0, head);
    next_variable_ = 0;
  }
  void SetNull(size_t field) {
    int bit = layout_.slot(field).nullable_index;
    out_->data()[record_start_ + PrefixBytes() + (bit >> 3)] |= static_cast<char>(1u << (bit & 7));
  }
  template <typename T>
  void SetFixed(size_t field, T value) {
    Store<T>(out_->data() + record_start_ + PrefixBytes() + layout_.slot(field).offset, value);
  }
  void AddVariable(std::string_view bytes) {
    if (++next_variable_ < layout_.variable_count()) Store<uint32_t>(out_->Extend(4), static_cast<uint32_t>(bytes.size()));
    out_->Append(bytes);
  }
  void End() {
    if (!layout_.fixed_size()) {
      Store<uint32_t>(out_->data() + record_start_, static_cast<uint32_t>(out_->size() - record_start_ - 4));
    }
    ++count_;
    if (out_->size() - frame_start_ - kFrameHeaderSize >= batch_bytes_) Seal();
  }
  // Appends a record already in the stream's layout (bitmap, fixed and variable fields; no length prefix).
  void AddEncoded(std::string_view record) {
    if (frame_start_ == kNoFrame) StartFrame();
    if (!layout_.fixed_size()) Store<uint32_t>(out_->Extend(4), static_cast<uint32_t>(record.size()));
    out_->Append(record);
    ++count_;
    if (out_->size() - frame_start_ - kFrameHeaderSize >= batch_bytes_) Seal();
  }
  // Raw access for hot loops that encode whole records themselves (length prefixes included): returns room for
  // at least n bytes; Commit then takes the end of what was written and the number of records in it. No other
  // call may come between the two.
  char* Reserve(size_t n) {
    if (frame_start_ == kNoFrame) StartFrame();
    out_->reserve(out_->size() + n);
    return out_->data() + out_->size();
  }
  // Payload bytes the open batch may still take before it is sealed (call after Reserve).
  size_t BatchRoom() const {
    size_t used = out_->size() - frame_start_ - kFrameHeaderSize;
    return used < batch_bytes_ ? batch_bytes_ - used : 0;
  }
  void Commit(const char* end, uint32_t records) {
    out_->Truncate(static_cast<size_t>(end - out_->data()));
    count_ += records;
    if (out_->size() - frame_start_ - kFrameHeaderSize >= batch_bytes_) Seal();
  }
  // Drops the record begun last (a row found bad half-way through).
  void Abandon() { out_->Truncate(record_start_); }
  // Seals the open batch, if any.
  void Finish() {
    if (frame_start_ != kNoFrame) Seal();
  }
  uint64_t records() const { return total_ + count_; }
  size_t batch_bytes() const { return batch_bytes_; }

 private:
  static constexpr size_t kNoFrame = ~size_t{0};
  size_t PrefixBytes() const { return layout_.fixed_size() ? 0 : 4; }
  void StartFrame() {
    frame_start_ = out_->size();
    out_->Extend(kFrameHeaderSize);
    count_ = 0;
  }
  void Seal();

  Buffer* out_;
  uint32_t table_id_;
  const TableLayout& layout_;
  size_t batch_bytes_;
  size_t frame_start_ = kNoFrame;
  size_t record_start_ = 0;
  size_t next_variable_ = 0;
  uint32_t count_ = 0;
  uint64_t total_ = 0;
};

}  // namespace recpipe
