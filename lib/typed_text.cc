#include "lib/typed_text.h"

#include <charconv>
#include <limits>

#include "lib/error.h"
#include "lib/logical_text.h"

namespace recpipe {
namespace {

template <typename T>
bool ParseInt(std::string_view text, T* out) {
  const char* b = text.data();
  const char* e = b + text.size();
  if (b != e && *b == '+') {
    ++b;
    if (b != e && *b == '-') return false;  // "+-5"
  }
  auto r = std::from_chars(b, e, *out);
  return r.ec == std::errc() && r.ptr == e && b != e;
}

template <typename T>
bool SetInt(std::string_view text, size_t field, BatchBuilder& builder) {
  T v;
  if (!ParseInt(text, &v)) return false;
  builder.SetFixed<T>(field, v);
  return true;
}

template <typename T>
bool SetFloat(std::string_view text, size_t field, BatchBuilder& builder) {
  T v;
  const char* b = text.data();
  const char* e = b + text.size();
  if (b != e && *b == '+') {
    ++b;
    if (b != e && *b == '-') return false;
  }
  auto r = std::from_chars(b, e, v);
  if (r.ec != std::errc() || r.ptr != e || b == e) return false;
  builder.SetFixed<T>(field, v);
  return true;
}

bool SetBool(std::string_view text, size_t field, BatchBuilder& builder) {
  if (text == "true" || text == "1" || text == "t" || text == "yes" || text == "TRUE" || text == "True") {
    builder.SetFixed<uint8_t>(field, 1);
    return true;
  }
  if (text == "false" || text == "0" || text == "f" || text == "no" || text == "FALSE" || text == "False") {
    builder.SetFixed<uint8_t>(field, 0);
    return true;
  }
  return false;
}

}  // namespace

bool SetTypedFromText(std::string_view text, Type type, size_t field, BatchBuilder& builder, std::string* why) {
  bool ok = false;
  switch (type) {
    case Type::kBool: ok = SetBool(text, field, builder); break;
    case Type::kI8: ok = SetInt<int8_t>(text, field, builder); break;
    case Type::kI16: ok = SetInt<int16_t>(text, field, builder); break;
    case Type::kI32: ok = SetInt<int32_t>(text, field, builder); break;
    case Type::kI64: ok = SetInt<int64_t>(text, field, builder); break;
    case Type::kU8: ok = SetInt<uint8_t>(text, field, builder); break;
    case Type::kU16: ok = SetInt<uint16_t>(text, field, builder); break;
    case Type::kU32: ok = SetInt<uint32_t>(text, field, builder); break;
    case Type::kU64: ok = SetInt<uint64_t>(text, field, builder); break;
    case Type::kF32: ok = SetFloat<float>(text, field, builder); break;
    case Type::kF64: ok = SetFloat<double>(text, field, builder); break;
    default: break;
  }
  if (!ok) {
    std::string shown(text.substr(0, 40));
    *why = "'" + shown + (text.size() > 40 ? "...'" : "'") + " is not a valid " + std::string(TypeName(type));
  }
  return ok;
}

bool SetFieldFromText(std::string_view text, const Field& f, size_t field, BatchBuilder& builder, std::string* why) {
  bool ok = false;
  switch (f.logical.kind) {
    case Logical::kNone: return SetTypedFromText(text, f.type, field, builder, why);
    case Logical::kTime: {
      int32_t v;
      if ((ok = ParseTimeOfDay(text, &v))) builder.SetFixed<int32_t>(field, v);
      break;
    }
    case Logical::kDate: {
      int32_t v;
      if ((ok = ParseDate(text, &v))) builder.SetFixed<int32_t>(field, v);
      break;
    }
    case Logical::kTimestamp: {
      int64_t v;
      if ((ok = ParseTimestamp(text, f.logical.unit, &v))) builder.SetFixed<int64_t>(field, v);
      break;
    }
  }
  if (!ok) {
    std::string shown(text.substr(0, 40));
    *why = "'" + shown + (text.size() > 40 ? "...'" : "'") + " is not a valid " + LogicalTypeName(f.logical) + " (" +
           std::string(LogicalTextForm(f.logical.kind)) + ")";
  }
  return ok;
}

std::vector<std::pair<std::string, DeclaredType>> ParseTypeList(const std::string& list, const char* option) {
  std::vector<std::pair<std::string, DeclaredType>> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    size_t colon = item.rfind(':');
    // timestamp:UNIT has a colon of its own.
    if (colon != std::string::npos && colon > 0) {
      size_t before = item.rfind(':', colon - 1);
      if (before != std::string::npos && before > 0 && item.compare(before + 1, colon - before - 1, "timestamp") == 0) {
        colon = before;
      }
    }
    if (colon == std::string::npos || colon == 0) {
      throw UsageError(std::string(option) + ": '" + item + "' is not NAME:TYPE");
    }
    std::string type_name = item.substr(colon + 1);
    DeclaredType declared;
    if (std::optional<Type> t = ParseTypeName(type_name)) {
      declared.type = *t;
    } else if (std::optional<LogicalType> l = ParseLogicalTypeName(type_name)) {
      declared = {PhysicalTypeOf(l->kind), *l};
    } else if (type_name == "timestamp") {
      throw UsageError(std::string(option) +
                       ": timestamp needs a unit: timestamp:s, timestamp:ms, timestamp:us or "
                       "timestamp:ns");
    } else {
      throw UsageError(std::string(option) + ": unknown type '" + type_name +
                       "' (bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, string, bytes, time, date, "
                       "timestamp:UNIT)");
    }
    out.emplace_back(item.substr(0, colon), declared);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace recpipe
