// A table's schema (name, typed fields, key=value metadata) and the record layout that follows from it.
//
// Schema frame payload (all strings are u32 length + UTF-8 bytes):
//   table name | u16 field count | per field: name, u8 type, u8 flags (bit 0 nullable)
//   | u16 metadata count | per entry: key, value
// A field's logical type (time, date, timestamp with a unit) rides in the metadata as the entry
// "logical_type.FIELD" = "time" | "date" | "timestamp:s|ms|us|ns" (kLogicalTypeKeyPrefix), which readers that
// predate it skip: they read the integer. DecodeSchema moves the entries it understands into Field::logical and
// leaves any other entry in the metadata; EncodeSchema writes them back after the other metadata.
//
// Record layout (recpipe-stream(5)):
//   [u32 length of the rest]  only when the table has a variable-width field (string, bytes)
//   [null bitmap]             ceil(nullable fields / 8) bytes; bit j (LSB first) set when the j-th nullable field is null
//   [fixed-width fields]      in schema order, little-endian; a null one is all zero bytes
//   [variable-width fields]   in schema order, each a u32 length and its bytes, except the last one, which has no
//                             length and runs to the end of the record; a null one is empty
// Fixed fields therefore sit at the same offset in every record, even in tables with strings.
//
// Schema and TableLayout are immutable values once built: safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace recpipe {

enum class Type : uint8_t {
  kBool = 1,
  kI8 = 2,
  kI16 = 3,
  kI32 = 4,
  kI64 = 5,
  kU8 = 6,
  kU16 = 7,
  kU32 = 8,
  kU64 = 9,
  kF32 = 10,
  kF64 = 11,
  kString = 12,
  kBytes = 13,
};

// Width in bytes of a fixed-width type, 0 for string and bytes.
int TypeWidth(Type t);
inline bool IsSigned(Type t) { return t >= Type::kI8 && t <= Type::kI64; }
inline bool IsUnsigned(Type t) { return t >= Type::kU8 && t <= Type::kU64; }
inline bool IsFloat(Type t) { return t == Type::kF32 || t == Type::kF64; }
inline bool IsVariable(Type t) { return t == Type::kString || t == Type::kBytes; }
std::string_view TypeName(Type t);                      // "i64", "string", ...
std::optional<Type> ParseTypeName(std::string_view s);  // inverse of TypeName; also accepts "int", "float", "str"
std::optional<Type> TypeFromCode(uint8_t code);

// What an integer field means (recpipe-stream(5), LOGICAL TYPES). The physical type stays as it is.
//   kTime:      i32, seconds since noon minus 12 h of the service day (GTFS: 25:10:00 is 90600)
//   kDate:      i32, days since 1970-01-01
//   kTimestamp: i64, units since 1970-01-01T00:00:00Z
enum class Logical : uint8_t { kNone, kTime, kDate, kTimestamp };
enum class TimeUnit : uint8_t { kS, kMs, kUs, kNs };

struct LogicalType {
  Logical kind = Logical::kNone;
  TimeUnit unit = TimeUnit::kS;  // kTimestamp only
  bool operator==(const LogicalType&) const = default;
};

inline constexpr std::string_view kLogicalTypeKeyPrefix = "logical_type.";
// "time", "date", "timestamp:ms"; "" for none.
std::string LogicalTypeName(LogicalType t);
// Inverse of LogicalTypeName; nullopt for anything else.
std::optional<LogicalType> ParseLogicalTypeName(std::string_view s);
// The physical type a logical type is carried in (i32 for time and date, i64 for timestamp).
Type PhysicalTypeOf(Logical kind);
// Units per second: 1, 1000, 1e6, 1e9.
int64_t UnitsPerSecond(TimeUnit unit);

struct Field {
  std::string name;
  Type type = Type::kString;
  bool nullable = false;
  LogicalType logical = {};
  bool operator==(const Field&) const = default;
};

struct Schema {
  std::string name;
  std::vector<Field> fields;
  std::vector<std::pair<std::string, std::string>> metadata;

  // Index of the field with this name, if any.
  std::optional<size_t> FieldIndex(std::string_view field_name) const;
  // Value of a metadata key, if set.
  std::optional<std::string_view> Meta(std::string_view key) const;
  bool operator==(const Schema&) const = default;
};

// The first field name that appears more than once in the schema, if any. Names are unique within a table:
// fields are found by name (-k, --where, merge's matching of tables), so a second one could never be reached.
std::optional<std::string_view> DuplicateFieldName(const Schema& schema);

// Schema frame payload <-> Schema. Decode throws DataError on malformed input ("schema frame: ..."), duplicate
// field names included; Encode throws DataError for a schema that no reader would accept, or for a logical type on a field of
// another physical type.
std::string EncodeSchema(const Schema& schema);
Schema DecodeSchema(std::string_view payload);

// Where each field of a record lives; computed once per table.
class TableLayout {
 public:
  explicit TableLayout(const Schema& schema);

  bool fixed_size() const { return fixed_size_; }
  // For fixed-size tables: bytes per record (bitmap + fixed fields).
  uint32_t record_size() const { return bitmap_bytes_ + fixed_bytes_; }
  uint32_t bitmap_bytes() const { return bitmap_bytes_; }
  uint32_t fixed_bytes() const { return fixed_bytes_; }
  size_t field_count() const { return fields_.size(); }
  size_t variable_count() const { return variable_count_; }
  // The bits of the bitmap's last byte that no nullable field uses, which must be 0 (0 when every bit is used).
  uint8_t unused_bitmap_bits() const { return unused_bitmap_bits_; }
  // The bool fields, whose byte must be 0 or 1: offset from the record start, and name for messages.
  struct BoolField {
    uint32_t offset;
    std::string name;
  };
  const std::vector<BoolField>& bool_fields() const { return bool_fields_; }

  struct Slot {
    Type type;
    int nullable_index;  // bit in the null bitmap, -1 when not nullable
    uint32_t offset;     // fixed fields: offset from the record start (after the length prefix)
    int variable_index;  // variable fields: position among the variable fields, else -1
  };
  const Slot& slot(size_t field) const { return fields_[field]; }

 private:
  std::vector<Slot> fields_;
  std::vector<BoolField> bool_fields_;
  uint8_t unused_bitmap_bits_ = 0;
  uint32_t bitmap_bytes_ = 0;
  uint32_t fixed_bytes_ = 0;
  size_t variable_count_ = 0;
  bool fixed_size_ = true;
};

}  // namespace recpipe
