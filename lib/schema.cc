#include "lib/schema.h"

#include <array>
#include <unordered_set>

#include "lib/byte_cursor.h"
#include "lib/error.h"

namespace recpipe {
namespace {

struct TypeInfo {
  Type type;
  std::string_view name;
  int width;
};

constexpr std::array<TypeInfo, 13> kTypes = {{
    {Type::kBool, "bool", 1},
    {Type::kI8, "i8", 1},
    {Type::kI16, "i16", 2},
    {Type::kI32, "i32", 4},
    {Type::kI64, "i64", 8},
    {Type::kU8, "u8", 1},
    {Type::kU16, "u16", 2},
    {Type::kU32, "u32", 4},
    {Type::kU64, "u64", 8},
    {Type::kF32, "f32", 4},
    {Type::kF64, "f64", 8},
    {Type::kString, "string", 0},
    {Type::kBytes, "bytes", 0},
}};

const TypeInfo& Info(Type t) { return kTypes[static_cast<size_t>(t) - 1]; }

}  // namespace

int TypeWidth(Type t) { return Info(t).width; }
std::string_view TypeName(Type t) { return Info(t).name; }

std::optional<Type> ParseTypeName(std::string_view s) {
  for (const TypeInfo& info : kTypes) {
    if (info.name == s) return info.type;
  }
  if (s == "int") return Type::kI64;
  if (s == "float" || s == "double") return Type::kF64;
  if (s == "str") return Type::kString;
  return std::nullopt;
}

std::optional<Type> TypeFromCode(uint8_t code) {
  if (code < 1 || code > kTypes.size()) return std::nullopt;
  return static_cast<Type>(code);
}

std::string LogicalTypeName(LogicalType t) {
  switch (t.kind) {
    case Logical::kTime: return "time";
    case Logical::kDate: return "date";
    case Logical::kTimestamp: {
      static constexpr std::string_view kUnits[] = {"s", "ms", "us", "ns"};
      return "timestamp:" + std::string(kUnits[static_cast<int>(t.unit)]);
    }
    default: return "";
  }
}

std::optional<LogicalType> ParseLogicalTypeName(std::string_view s) {
  if (s == "time") return LogicalType{Logical::kTime};
  if (s == "date") return LogicalType{Logical::kDate};
  if (s == "timestamp:s") return LogicalType{Logical::kTimestamp, TimeUnit::kS};
  if (s == "timestamp:ms") return LogicalType{Logical::kTimestamp, TimeUnit::kMs};
  if (s == "timestamp:us") return LogicalType{Logical::kTimestamp, TimeUnit::kUs};
  if (s == "timestamp:ns") return LogicalType{Logical::kTimestamp, TimeUnit::kNs};
  return std::nullopt;
}

Type PhysicalTypeOf(Logical kind) { return kind == Logical::kTimestamp ? Type::kI64 : Type::kI32; }

int64_t UnitsPerSecond(TimeUnit unit) {
  static constexpr int64_t kPer[] = {1, 1000, 1000000, 1000000000};
  return kPer[static_cast<int>(unit)];
}

std::optional<size_t> Schema::FieldIndex(std::string_view field_name) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field_name) return i;
  }
  return std::nullopt;
}

std::optional<std::string_view> Schema::Meta(std::string_view key) const {
  for (const auto& [k, v] : metadata) {
    if (k == key) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::string_view> DuplicateFieldName(const Schema& schema) {
  std::unordered_set<std::string_view> seen;
  for (const Field& f : schema.fields) {
    if (!seen.insert(f.name).second) return std::string_view(f.name);
  }
  return std::nullopt;
}

namespace {

// The metadata as written: the schema's own entries, then one per field with a logical type (an own entry of the
// same key gives way to it).
std::vector<std::pair<std::string, std::string>> MetadataWithLogicalTypes(const Schema& schema) {
  std::vector<std::pair<std::string, std::string>> annotations;
  for (const Field& f : schema.fields) {
    if (f.logical.kind == Logical::kNone) continue;
    if (f.type != PhysicalTypeOf(f.logical.kind)) {
      throw DataError("table '" + schema.name + "': field '" + f.name + "' is " + std::string(TypeName(f.type)) +
                      ", but " + LogicalTypeName(f.logical) + " is carried in " +
                      std::string(TypeName(PhysicalTypeOf(f.logical.kind))));
    }
    annotations.emplace_back(std::string(kLogicalTypeKeyPrefix) + f.name, LogicalTypeName(f.logical));
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& entry : schema.metadata) {
    bool replaced = false;
    for (const auto& a : annotations) replaced = replaced || a.first == entry.first;
    if (!replaced) out.push_back(entry);
  }
  out.insert(out.end(), annotations.begin(), annotations.end());
  return out;
}

// Moves the logical-type entries that name a field of the right physical type into that field; anything else (a
// unit this version does not know, a field that is not there) stays metadata, as for a reader that predates them.
void TakeLogicalTypes(Schema* s) {
  std::vector<std::pair<std::string, std::string>> rest;
  for (auto& entry : s->metadata) {
    const std::string& key = entry.first;
    if (key.compare(0, kLogicalTypeKeyPrefix.size(), kLogicalTypeKeyPrefix) == 0) {
      std::optional<size_t> field = s->FieldIndex(std::string_view(key).substr(kLogicalTypeKeyPrefix.size()));
      std::optional<LogicalType> logical = ParseLogicalTypeName(entry.second);
      if (field && logical && s->fields[*field].logical.kind == Logical::kNone &&
          s->fields[*field].type == PhysicalTypeOf(logical->kind)) {
        s->fields[*field].logical = *logical;
        continue;
      }
    }
    rest.push_back(std::move(entry));
  }
  s->metadata = std::move(rest);
}

}  // namespace

std::string EncodeSchema(const Schema& schema) {
  const std::vector<std::pair<std::string, std::string>> metadata = MetadataWithLogicalTypes(schema);
  if (schema.fields.size() > UINT16_MAX || metadata.size() > UINT16_MAX) {
    throw DataError("table '" + schema.name + "' has more than 65535 fields or metadata entries");
  }
  if (auto dup = DuplicateFieldName(schema)) {
    throw DataError("table '" + schema.name + "' has two fields named '" + std::string(*dup) + "'");
  }
  std::string out;
  ByteWriter w(&out);
  w.WriteString(schema.name);
  w.Write<uint16_t>(static_cast<uint16_t>(schema.fields.size()));
  for (const Field& f : schema.fields) {
    w.WriteString(f.name);
    w.Write<uint8_t>(static_cast<uint8_t>(f.type));
    w.Write<uint8_t>(f.nullable ? 1 : 0);
  }
  w.Write<uint16_t>(static_cast<uint16_t>(metadata.size()));
  for (const auto& [k, v] : metadata) {
    w.WriteString(k);
    w.WriteString(v);
  }
  return out;
}

Schema DecodeSchema(std::string_view payload) {
  ByteReader r(payload, "schema frame");
  Schema s;
  s.name = r.ReadString();
  uint16_t nfields = r.Read<uint16_t>();
  for (uint16_t i = 0; i < nfields; ++i) {
    Field f;
    f.name = r.ReadString();
    uint8_t code = r.Read<uint8_t>();
    std::optional<Type> t = TypeFromCode(code);
    if (!t) throw DataError("schema frame: field '" + f.name + "' has unknown type code " + std::to_string(code));
    f.type = *t;
    uint8_t flags = r.Read<uint8_t>();
    if (flags > 1) throw DataError("schema frame: field '" + f.name + "' has unknown flags");
    f.nullable = flags & 1;
    s.fields.push_back(std::move(f));
  }
  if (auto dup = DuplicateFieldName(s)) {
    throw DataError("schema frame: table '" + s.name + "' has two fields named '" + std::string(*dup) + "'");
  }
  uint16_t nmeta = r.Read<uint16_t>();
  for (uint16_t i = 0; i < nmeta; ++i) {
    std::string key(r.ReadString());
    std::string value(r.ReadString());
    s.metadata.emplace_back(std::move(key), std::move(value));
  }
  if (!r.AtEnd()) throw DataError("schema frame: unexpected bytes after the metadata");
  TakeLogicalTypes(&s);
  return s;
}

TableLayout::TableLayout(const Schema& schema) {
  int nullable = 0;
  for (const Field& f : schema.fields) {
    if (f.nullable) ++nullable;
  }
  bitmap_bytes_ = static_cast<uint32_t>((nullable + 7) / 8);
  if (nullable % 8 != 0) unused_bitmap_bits_ = static_cast<uint8_t>(0xff << (nullable % 8));
  int nullable_index = 0;
  uint32_t offset = bitmap_bytes_;
  for (const Field& f : schema.fields) {
    Slot slot{f.type, f.nullable ? nullable_index++ : -1, 0, -1};
    if (IsVariable(f.type)) {
      slot.variable_index = static_cast<int>(variable_count_++);
      fixed_size_ = false;
    } else {
      slot.offset = offset;
      if (f.type == Type::kBool) bool_fields_.push_back({offset, f.name});
      offset += static_cast<uint32_t>(TypeWidth(f.type));
    }
    fields_.push_back(slot);
  }
  fixed_bytes_ = offset - bitmap_bytes_;
}

}  // namespace recpipe
