// Schema frame payloads round-trip, malformed ones are refused, and TableLayout places fields as
// recpipe-stream(5) says.
#include "lib/schema.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "lib/error.h"

namespace recpipe {
namespace {

// One field of every type, alternating nullable, with unicode names and metadata.
Schema AllTypes() {
  Schema s;
  s.name = "tåble_日本";
  for (uint8_t code = 1; code <= 13; ++code) {
    Type t = static_cast<Type>(code);
    s.fields.push_back({"f_" + std::string(TypeName(t)) + "_é", t, code % 2 == 0});
  }
  s.metadata = {{"source", "données.csv"}, {"format", "csv"}, {"", ""}, {"emoji", "🙂"}};
  return s;
}

TEST(Schema, RoundTripAllTypes) {
  Schema s = AllTypes();
  Schema back = DecodeSchema(EncodeSchema(s));
  EXPECT_EQ(back, s);
  ASSERT_EQ(back.fields.size(), 13u);
  for (size_t i = 0; i < 13; ++i) {
    EXPECT_EQ(static_cast<int>(back.fields[i].type), static_cast<int>(i + 1));
    EXPECT_EQ(back.fields[i].nullable, (i + 1) % 2 == 0);
  }
  EXPECT_EQ(back.Meta("source"), "données.csv");
  EXPECT_EQ(back.Meta("emoji"), "🙂");
  EXPECT_FALSE(back.Meta("missing"));
  EXPECT_EQ(back.FieldIndex("f_string_é"), 11u);
}

TEST(Schema, RoundTripEmpty) {
  Schema s;
  EXPECT_EQ(DecodeSchema(EncodeSchema(s)), s);
}

// Logical types ride in the metadata, so the fields' bytes are what an older reader knows.
Schema WithLogicalTypes() {
  Schema s{"stop_times", {{"trip_id", Type::kString}, {"arrival_time", Type::kI32, true}}, {{"source", "x.csv"}}};
  s.fields[1].logical = {Logical::kTime};
  s.fields.push_back({"service_date", Type::kI32, false, {Logical::kDate}});
  for (TimeUnit u : {TimeUnit::kS, TimeUnit::kMs, TimeUnit::kUs, TimeUnit::kNs}) {
    s.fields.push_back({"ts" + std::to_string(static_cast<int>(u)), Type::kI64, true, {Logical::kTimestamp, u}});
  }
  return s;
}

TEST(Schema, LogicalTypesRoundTrip) {
  Schema s = WithLogicalTypes();
  Schema back = DecodeSchema(EncodeSchema(s));
  EXPECT_EQ(back, s);
  EXPECT_EQ(back.fields[5].logical, (LogicalType{Logical::kTimestamp, TimeUnit::kUs}));
  // They are not left behind as metadata.
  EXPECT_EQ(back.metadata.size(), 1u);
}

TEST(Schema, LogicalTypeIsAMetadataEntryAnOlderReaderSkips) {
  Schema s{"t", {{"a", Type::kI32, true, {Logical::kTime}}}, {{"k", "v"}}};
  std::string want(
      "\x01\0\0\0t"
      "\x01\0"
      "\x01\0\0\0a\x04\x01"
      "\x02\0"
      "\x01\0\0\0k\x01\0\0\0v"
      "\x0e\0\0\0logical_type.a\x04\0\0\0time",
      26 + 4 + 14 + 4 + 4);
  EXPECT_EQ(EncodeSchema(s), want);
}

TEST(Schema, LogicalTypeNamesRoundTrip) {
  for (const char* name : {"time", "date", "timestamp:s", "timestamp:ms", "timestamp:us", "timestamp:ns"}) {
    std::optional<LogicalType> t = ParseLogicalTypeName(name);
    ASSERT_TRUE(t) << name;
    EXPECT_EQ(LogicalTypeName(*t), name);
  }
  for (const char* bad : {"", "timestamp", "timestamp:h", "Time", "date:ms"}) EXPECT_FALSE(ParseLogicalTypeName(bad));
  EXPECT_EQ(UnitsPerSecond(TimeUnit::kNs), 1000000000);
}

TEST(Schema, AnnotationsThisVersionCannotApplyStayMetadata) {
  // A unit from a later version, a field that is not there, a field of another physical type: read the integer.
  Schema s{"t", {{"a", Type::kI32}, {"s", Type::kString}}, {}};
  s.metadata = {{"logical_type.a", "timestamp:ps"}, {"logical_type.gone", "date"}, {"logical_type.s", "time"}};
  Schema back = DecodeSchema(EncodeSchema(s));
  EXPECT_EQ(back, s);
  EXPECT_EQ(back.fields[0].logical.kind, Logical::kNone);
}

TEST(Schema, EncodeRefusesALogicalTypeOnTheWrongPhysicalType) {
  Schema s{"t", {{"d", Type::kI64, false, {Logical::kDate}}}, {}};
  EXPECT_THROW(EncodeSchema(s), DataError);
  s.fields[0] = {"ts", Type::kI32, false, {Logical::kTimestamp, TimeUnit::kMs}};
  EXPECT_THROW(EncodeSchema(s), DataError);
}

TEST(Schema, EncodingIsTheDocumentedBytes) {
  Schema s{"t", {{"a", Type::kI32, true}}, {{"k", "v"}}};
  std::string want(
      "\x01\0\0\0t"
      "\x01\0"
      "\x01\0\0\0a\x04\x01"
      "\x01\0"
      "\x01\0\0\0k\x01\0\0\0v",
      26);
  EXPECT_EQ(EncodeSchema(s), want);
}

TEST(Schema, DecodeRejectsEveryTruncation) {
  std::string payload = EncodeSchema(AllTypes());
  for (size_t n = 0; n < payload.size(); ++n) {
    EXPECT_THROW(DecodeSchema(payload.substr(0, n)), DataError) << "truncated to " << n << " bytes";
  }
}

TEST(Schema, DecodeRejectsTrailingBytes) { EXPECT_THROW(DecodeSchema(EncodeSchema(AllTypes()) + "x"), DataError); }

TEST(Schema, DecodeRejectsUnknownTypeCodesAndFlags) {
  Schema s{"t", {{"a", Type::kI32, false}}, {}};
  std::string payload = EncodeSchema(s);
  const size_t type_at = 4 + 1 + 2 + 4 + 1;  // name, field count, field name
  ASSERT_EQ(payload[type_at], 4);
  for (int code : {0, 14, 200, 255}) {
    std::string bad = payload;
    bad[type_at] = static_cast<char>(code);
    try {
      DecodeSchema(bad);
      ADD_FAILURE() << "type code " << code << " accepted";
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find("unknown type code " + std::to_string(code)), std::string::npos) << e.what();
    }
  }
  std::string bad = payload;
  bad[type_at + 1] = 2;  // flags: only bit 0 is defined
  EXPECT_THROW(DecodeSchema(bad), DataError);
}

TEST(Schema, TypeNames) {
  for (uint8_t code = 1; code <= 13; ++code) {
    Type t = *TypeFromCode(code);
    EXPECT_EQ(ParseTypeName(TypeName(t)), t);
  }
  EXPECT_FALSE(TypeFromCode(0));
  EXPECT_FALSE(TypeFromCode(14));
  EXPECT_FALSE(ParseTypeName("int32"));
  EXPECT_EQ(TypeWidth(Type::kBool), 1);
  EXPECT_EQ(TypeWidth(Type::kU16), 2);
  EXPECT_EQ(TypeWidth(Type::kF32), 4);
  EXPECT_EQ(TypeWidth(Type::kI64), 8);
  EXPECT_EQ(TypeWidth(Type::kBytes), 0);
}

TEST(TableLayout, FixedOnly) {
  Schema s{"t", {{"a", Type::kI8, false}, {"b", Type::kF64, true}, {"c", Type::kU16, false}}, {}};
  TableLayout l(s);
  EXPECT_TRUE(l.fixed_size());
  EXPECT_EQ(l.bitmap_bytes(), 1u);
  EXPECT_EQ(l.fixed_bytes(), 11u);
  EXPECT_EQ(l.record_size(), 12u);
  EXPECT_EQ(l.variable_count(), 0u);
  EXPECT_EQ(l.slot(0).offset, 1u);
  EXPECT_EQ(l.slot(1).offset, 2u);
  EXPECT_EQ(l.slot(2).offset, 10u);
  EXPECT_EQ(l.slot(0).nullable_index, -1);
  EXPECT_EQ(l.slot(1).nullable_index, 0);
}

TEST(TableLayout, MixedWithManyNullables) {
  // Nine nullable fields need two bitmap bytes; strings interleave with fixed fields.
  Schema s;
  s.name = "t";
  s.fields = {{"s0", Type::kString, true}, {"a", Type::kI32, true},    {"b", Type::kBool, false},
              {"s1", Type::kBytes, false}, {"c", Type::kU64, true},    {"d", Type::kI8, true},
              {"e", Type::kI8, true},      {"f", Type::kI8, true},     {"g", Type::kI8, true},
              {"h", Type::kI8, true},      {"s2", Type::kString, true}};
  TableLayout l(s);
  EXPECT_FALSE(l.fixed_size());
  EXPECT_EQ(l.field_count(), 11u);
  EXPECT_EQ(l.variable_count(), 3u);
  EXPECT_EQ(l.bitmap_bytes(), 2u);
  EXPECT_EQ(l.fixed_bytes(), 4u + 1 + 8 + 5);
  EXPECT_EQ(l.slot(0).variable_index, 0);
  EXPECT_EQ(l.slot(3).variable_index, 1);
  EXPECT_EQ(l.slot(10).variable_index, 2);
  EXPECT_EQ(l.slot(1).variable_index, -1);
  EXPECT_EQ(l.slot(1).offset, 2u);
  EXPECT_EQ(l.slot(2).offset, 6u);
  EXPECT_EQ(l.slot(4).offset, 7u);
  EXPECT_EQ(l.slot(5).offset, 15u);
  EXPECT_EQ(l.slot(9).offset, 19u);
  // Nullable bits count only the nullable fields, in schema order.
  EXPECT_EQ(l.slot(0).nullable_index, 0);
  EXPECT_EQ(l.slot(1).nullable_index, 1);
  EXPECT_EQ(l.slot(2).nullable_index, -1);
  EXPECT_EQ(l.slot(3).nullable_index, -1);
  EXPECT_EQ(l.slot(4).nullable_index, 2);
  EXPECT_EQ(l.slot(10).nullable_index, 8);
}

TEST(TableLayout, EightNullablesFitOneByte) {
  Schema s;
  for (int i = 0; i < 8; ++i) s.fields.push_back({"f" + std::to_string(i), Type::kBool, true});
  EXPECT_EQ(TableLayout(s).bitmap_bytes(), 1u);
  s.fields.push_back({"f8", Type::kBool, true});
  EXPECT_EQ(TableLayout(s).bitmap_bytes(), 2u);
}

// Fields are found by name, so a table cannot have two of one name: refused when read and when written.
TEST(Schema, DuplicateFieldNamesAreRefused) {
  Schema s{"t", {{"a", Type::kI32, false}, {"b", Type::kString, true}, {"c", Type::kI8, false}}, {}};
  EXPECT_FALSE(DuplicateFieldName(s));
  std::string payload = EncodeSchema(s);
  const size_t second_name = 4 + 1 + 2 + (4 + 1 + 2) + 4;  // table name, count, field a, length of b's name
  ASSERT_EQ(payload[second_name], 'b');
  payload[second_name] = 'a';
  try {
    DecodeSchema(payload);
    ADD_FAILURE() << "duplicate name accepted";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), "schema frame: table 't' has two fields named 'a'");
  }
  s.fields[2].name = "b";
  EXPECT_EQ(DuplicateFieldName(s), "b");
  EXPECT_THROW(EncodeSchema(s), DataError);
  s.fields[2].name = "B";  // case matters
  EXPECT_FALSE(DuplicateFieldName(s));
  EXPECT_EQ(DecodeSchema(EncodeSchema(s)), s);
}

TEST(TableLayout, UnusedBitmapBitsAndBoolFields) {
  Schema s{"t", {{"a", Type::kBool, true}, {"b", Type::kI32, true}, {"c", Type::kBool, false}}, {}};
  TableLayout l(s);
  EXPECT_EQ(l.unused_bitmap_bits(), 0xfc);  // bits 0 and 1 belong to a and b
  ASSERT_EQ(l.bool_fields().size(), 2u);
  EXPECT_EQ(l.bool_fields()[0].offset, 1u);
  EXPECT_EQ(l.bool_fields()[0].name, "a");
  EXPECT_EQ(l.bool_fields()[1].offset, 6u);
  EXPECT_EQ(l.bool_fields()[1].name, "c");
  Schema eight;
  for (int i = 0; i < 8; ++i) eight.fields.push_back({"f" + std::to_string(i), Type::kI8, true});
  EXPECT_EQ(TableLayout(eight).unused_bitmap_bits(), 0);  // every bit is used
  eight.fields.push_back({"f8", Type::kI8, true});
  EXPECT_EQ(TableLayout(eight).unused_bitmap_bits(), 0xfe);
  EXPECT_EQ(TableLayout(Schema{}).unused_bitmap_bits(), 0);
}

}  // namespace
}  // namespace recpipe
