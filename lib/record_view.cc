#include "lib/record_view.h"

namespace recpipe {

int64_t RecordView::GetInt(size_t field) const {
  const char* p = data_ + layout_->slot(field).offset;
  switch (layout_->slot(field).type) {
    case Type::kBool:
    case Type::kU8: return Load<uint8_t>(p);
    case Type::kI8: return Load<int8_t>(p);
    case Type::kI16: return Load<int16_t>(p);
    case Type::kI32: return Load<int32_t>(p);
    case Type::kI64: return Load<int64_t>(p);
    case Type::kU16: return Load<uint16_t>(p);
    case Type::kU32: return Load<uint32_t>(p);
    case Type::kU64: return static_cast<int64_t>(Load<uint64_t>(p));
    default: return 0;
  }
}

uint64_t RecordView::GetUInt(size_t field) const {
  const char* p = data_ + layout_->slot(field).offset;
  switch (layout_->slot(field).type) {
    case Type::kU64: return Load<uint64_t>(p);
    default: return static_cast<uint64_t>(GetInt(field));
  }
}

double RecordView::GetFloat(size_t field) const {
  const char* p = data_ + layout_->slot(field).offset;
  if (layout_->slot(field).type == Type::kF32) return Load<float>(p);
  return Load<double>(p);
}

void RecordView::Variables(std::string_view* out) const {
  size_t n = layout_->variable_count();
  const char* p = data_ + layout_->bitmap_bytes() + layout_->fixed_bytes();
  const char* end = data_ + size_;
  for (size_t i = 0; i + 1 < n; ++i) {
    uint32_t len = Load<uint32_t>(p);
    out[i] = std::string_view(p + 4, len);
    p += 4 + len;
  }
  if (n != 0) out[n - 1] = std::string_view(p, static_cast<size_t>(end - p));
}

std::string_view RecordView::GetBytes(size_t field) const {
  size_t want = static_cast<size_t>(layout_->slot(field).variable_index);
  const char* p = data_ + layout_->bitmap_bytes() + layout_->fixed_bytes();
  for (size_t i = 0; i < want; ++i) p += 4 + Load<uint32_t>(p);
  if (want + 1 == layout_->variable_count()) return std::string_view(p, static_cast<size_t>(data_ + size_ - p));
  return std::string_view(p + 4, Load<uint32_t>(p));
}

uint64_t Rebatch(const TableLayout& layout, std::string_view frames, BatchBuilder& builder) {
  uint64_t n = 0;
  ForEachRecordInFrames(layout, frames, [&](const RecordView& r) {
    builder.AddEncoded(std::string_view(r.data(), r.size()));
    ++n;
  });
  return n;
}

namespace {

// The value checks of one record whose bytes (after any length prefix) are known to hold the bitmap and the fixed
// fields: the unused bitmap bits are 0, and every bool is 0 or 1.
bool CheckValues(const TableLayout& layout, const char* record, uint64_t number, std::string* why) {
  if (layout.unused_bitmap_bits() != 0) {
    auto last = static_cast<unsigned char>(record[layout.bitmap_bytes() - 1]);
    if (last & layout.unused_bitmap_bits()) {
      *why = "record " + std::to_string(number) + ": null bitmap has unused bits set";
      return false;
    }
  }
  for (const TableLayout::BoolField& b : layout.bool_fields()) {
    auto v = static_cast<unsigned char>(record[b.offset]);
    if (v > 1) {
      *why = "record " + std::to_string(number) + ": field '" + b.name + "' is a bool of value " + std::to_string(v) +
             " (only 0 and 1 are valid)";
      return false;
    }
  }
  return true;
}

}  // namespace

bool ValidateBatch(const TableLayout& layout, std::string_view payload, uint32_t count, std::string* why,
                   uint64_t first_record) {
  if (layout.field_count() == 0 && count != 0) {
    *why = "batch of " + std::to_string(count) + " records for a table without fields, which holds none";
    return false;
  }
  const bool check_values = layout.unused_bitmap_bits() != 0 || !layout.bool_fields().empty();
  if (layout.fixed_size()) {
    if (payload.size() != static_cast<uint64_t>(count) * layout.record_size()) {
      *why = "batch of " + std::to_string(count) + " records of " + std::to_string(layout.record_size()) +
             " bytes has " + std::to_string(payload.size()) + " bytes";
      return false;
    }
    if (check_values) {
      for (uint32_t r = 0; r < count; ++r) {
        if (!CheckValues(layout, payload.data() + static_cast<size_t>(r) * layout.record_size(), first_record + r,
                         why)) {
          return false;
        }
      }
    }
    return true;
  }
  const uint32_t head = layout.bitmap_bytes() + layout.fixed_bytes();
  const size_t nvar = layout.variable_count();
  size_t pos = 0;
  for (uint32_t r = 0; r < count; ++r) {
    const uint64_t number = first_record + r;
    if (payload.size() - pos < 4) {
      *why = "record " + std::to_string(number) + " runs past the end of its batch";
      return false;
    }
    uint32_t len = Load<uint32_t>(payload.data() + pos);
    pos += 4;
    if (payload.size() - pos < len || len < head + 4 * (nvar - 1)) {
      *why = "record " + std::to_string(number) + " has a bad length " + std::to_string(len);
      return false;
    }
    // Every length-prefixed variable field must fit inside its record.
    uint64_t inner = head;
    for (size_t v = 0; v + 1 < nvar; ++v) {
      if (len - inner < 4) {
        *why = "record " + std::to_string(number) + ": field lengths run past the record";
        return false;
      }
      inner += 4 + static_cast<uint64_t>(Load<uint32_t>(payload.data() + pos + inner));
      if (inner > len) {
        *why = "record " + std::to_string(number) + ": field lengths run past the record";
        return false;
      }
    }
    if (check_values && !CheckValues(layout, payload.data() + pos, number, why)) return false;
    pos += len;
  }
  if (pos != payload.size()) {
    *why = "batch has " + std::to_string(payload.size() - pos) + " bytes after its " + std::to_string(count) +
           " records";
    return false;
  }
  return true;
}

}  // namespace recpipe
