#include "lib/key_compare.h"

#include <cmath>
#include <cstring>
#include <string_view>
#include <utility>

namespace recpipe {
namespace {

template <typename T>
int Three(T a, T b) {
  return (a > b) - (a < b);
}

int CompareFloat(double a, double b) {
  bool na = std::isnan(a), nb = std::isnan(b);
  if (na || nb) return Three<int>(na, nb);  // NaN last, NaNs equal
  return Three(a, b);                       // -0 == 0 here, as IEEE says
}

int CompareBytes(std::string_view a, std::string_view b) {
  size_t n = a.size() < b.size() ? a.size() : b.size();
  if (n != 0) {
    if (int c = std::memcmp(a.data(), b.data(), n)) return c < 0 ? -1 : 1;  // memcmp compares unsigned bytes
  }
  return Three(a.size(), b.size());
}

}  // namespace

int CompareField(const RecordView& a, const RecordView& b, size_t field, const TableLayout::Slot& slot) {
  if (slot.nullable_index >= 0) {
    bool na = a.IsNull(field), nb = b.IsNull(field);
    if (na || nb) return Three<int>(nb, na);  // null first
  }
  switch (slot.type) {
    case Type::kBool:
    case Type::kI8:
    case Type::kI16:
    case Type::kI32:
    case Type::kI64:
    case Type::kU8:
    case Type::kU16:
    case Type::kU32: return Three(a.GetInt(field), b.GetInt(field));  // all fit in i64
    case Type::kU64: return Three(a.GetUInt(field), b.GetUInt(field));
    case Type::kF32:
    case Type::kF64: return CompareFloat(a.GetFloat(field), b.GetFloat(field));
    case Type::kString:
    case Type::kBytes: return CompareBytes(a.GetBytes(field), b.GetBytes(field));
  }
  return 0;
}

KeyCompare::KeyCompare(const TableLayout& layout, std::vector<size_t> fields) : fields_(std::move(fields)) {
  for (size_t f : fields_) slots_.push_back(layout.slot(f));
}

}  // namespace recpipe
