// Text to typed values: integers in range for their width, floats, bools, and --types lists.
#include "lib/typed_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "lib/error.h"

namespace recpipe {
namespace {

// Parses text into a one-field record of `type`; returns the field's 8 bytes (zero-extended) or nothing.
template <typename T>
std::optional<T> Parse(Type type, std::string_view text, std::string* why = nullptr) {
  Schema s{"t", {{"v", type, false}}, {}};
  TableLayout l(s);
  Buffer out;
  BatchBuilder b(&out, 1, l);
  b.Begin();
  std::string reason;
  bool ok = SetTypedFromText(text, type, 0, b, &reason);
  if (why) *why = reason;
  if (!ok) {
    EXPECT_FALSE(reason.empty());
    return std::nullopt;
  }
  EXPECT_TRUE(reason.empty()) << reason;
  b.End();
  b.Finish();
  return Load<T>(out.data() + kFrameHeaderSize);
}

TEST(TypedText, SignedRanges) {
  EXPECT_EQ(Parse<int8_t>(Type::kI8, "-128"), -128);
  EXPECT_EQ(Parse<int8_t>(Type::kI8, "127"), 127);
  EXPECT_FALSE(Parse<int8_t>(Type::kI8, "-129"));
  EXPECT_FALSE(Parse<int8_t>(Type::kI8, "128"));
  EXPECT_EQ(Parse<int16_t>(Type::kI16, "-32768"), -32768);
  EXPECT_FALSE(Parse<int16_t>(Type::kI16, "32768"));
  EXPECT_EQ(Parse<int32_t>(Type::kI32, "-2147483648"), std::numeric_limits<int32_t>::min());
  EXPECT_FALSE(Parse<int32_t>(Type::kI32, "2147483648"));
  EXPECT_EQ(Parse<int64_t>(Type::kI64, "9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(Parse<int64_t>(Type::kI64, "9223372036854775808"));
  EXPECT_FALSE(Parse<int64_t>(Type::kI64, "-9223372036854775809"));
}

TEST(TypedText, UnsignedRanges) {
  EXPECT_EQ(Parse<uint8_t>(Type::kU8, "255"), 255);
  EXPECT_FALSE(Parse<uint8_t>(Type::kU8, "256"));
  EXPECT_FALSE(Parse<uint8_t>(Type::kU8, "-1"));
  EXPECT_FALSE(Parse<uint8_t>(Type::kU8, "-0"));
  EXPECT_EQ(Parse<uint16_t>(Type::kU16, "65535"), 65535);
  EXPECT_FALSE(Parse<uint16_t>(Type::kU16, "65536"));
  EXPECT_EQ(Parse<uint32_t>(Type::kU32, "4294967295"), 4294967295u);
  EXPECT_FALSE(Parse<uint32_t>(Type::kU32, "4294967296"));
  EXPECT_EQ(Parse<uint64_t>(Type::kU64, "18446744073709551615"), std::numeric_limits<uint64_t>::max());
  EXPECT_FALSE(Parse<uint64_t>(Type::kU64, "18446744073709551616"));
}

TEST(TypedText, IntegerSyntax) {
  EXPECT_EQ(Parse<int32_t>(Type::kI32, "+5"), 5);
  EXPECT_EQ(Parse<uint32_t>(Type::kU32, "+5"), 5u);
  EXPECT_EQ(Parse<int32_t>(Type::kI32, "007"), 7);
  EXPECT_EQ(Parse<int32_t>(Type::kI32, "-0"), 0);
  for (const char* bad : {"", " 5", "5 ", "+", "-", "++5", "+-5", "5x", "0x10", "1e3", "1.0", "1,000", "five"}) {
    EXPECT_FALSE(Parse<int32_t>(Type::kI32, bad)) << "'" << bad << "' accepted as i32";
  }
  EXPECT_FALSE(Parse<uint32_t>(Type::kU32, "+-5"));
}

TEST(TypedText, Floats) {
  EXPECT_EQ(Parse<double>(Type::kF64, "0.1"), 0.1);
  EXPECT_EQ(Parse<double>(Type::kF64, "-2.5e-3"), -2.5e-3);
  EXPECT_EQ(Parse<double>(Type::kF64, "+1E10"), 1e10);
  EXPECT_EQ(Parse<double>(Type::kF64, "3"), 3.0);
  EXPECT_EQ(Parse<double>(Type::kF64, ".5"), 0.5);
  EXPECT_EQ(Parse<double>(Type::kF64, "1e300"), 1e300);
  EXPECT_TRUE(std::signbit(*Parse<double>(Type::kF64, "-0")));
  EXPECT_EQ(Parse<float>(Type::kF32, "0.1"), 0.1f);
  EXPECT_EQ(Parse<double>(Type::kF64, "inf"), INFINITY);
  EXPECT_EQ(Parse<double>(Type::kF64, "-inf"), -INFINITY);
  EXPECT_TRUE(std::isnan(*Parse<double>(Type::kF64, "nan")));
  EXPECT_TRUE(std::isnan(*Parse<float>(Type::kF32, "nan")));
  EXPECT_FALSE(Parse<float>(Type::kF32, "1e39"));
  EXPECT_FALSE(Parse<double>(Type::kF64, "1e400"));
  for (const char* bad : {"", " 1", "1 ", "1.5x", "+", "++1", "+-1", "1,5", "0x1p3", "e5", "."}) {
    EXPECT_FALSE(Parse<double>(Type::kF64, bad)) << "'" << bad << "' accepted as f64";
  }
}

TEST(TypedText, Bools) {
  for (const char* yes : {"true", "1", "t", "yes", "TRUE", "True"})
    EXPECT_EQ(Parse<uint8_t>(Type::kBool, yes), 1) << yes;
  for (const char* no : {"false", "0", "f", "no", "FALSE", "False"})
    EXPECT_EQ(Parse<uint8_t>(Type::kBool, no), 0) << no;
  for (const char* bad : {"", "2", "tru", "yes ", " true", "-1", "y"}) {
    EXPECT_FALSE(Parse<uint8_t>(Type::kBool, bad)) << "'" << bad << "' accepted as bool";
  }
}

TEST(TypedText, MessageNamesTextAndType) {
  std::string why;
  EXPECT_FALSE(Parse<int32_t>(Type::kI32, "12x", &why));
  EXPECT_NE(why.find("'12x'"), std::string::npos) << why;
  EXPECT_NE(why.find("i32"), std::string::npos) << why;
  EXPECT_FALSE(Parse<uint8_t>(Type::kU8, std::string(100, '9'), &why));
  EXPECT_LT(why.size(), 80u) << "long text is shortened: " << why;
}

TEST(TypedText, FailureLeavesTheFieldZero) {
  // The record stays well-formed: a row found bad can still be abandoned or the field set null.
  Schema s{"t", {{"a", Type::kI32, true}, {"b", Type::kI32, false}}, {}};
  TableLayout l(s);
  Buffer out;
  BatchBuilder b(&out, 1, l);
  b.Begin();
  std::string why;
  EXPECT_FALSE(SetTypedFromText("99999999999", Type::kI32, 0, b, &why));
  EXPECT_TRUE(SetTypedFromText("-4", Type::kI32, 1, b, &why));
  b.SetNull(0);
  b.End();
  b.Finish();
  const char* rec = out.data() + kFrameHeaderSize;
  EXPECT_EQ(Load<uint8_t>(rec), 1);
  EXPECT_EQ(Load<int32_t>(rec + 1), 0);
  EXPECT_EQ(Load<int32_t>(rec + 5), -4);
}

TEST(ParseTypeList, Valid) {
  auto list = ParseTypeList("a:i32,b.c:string,x y:f64,n:int,t:bool", "--types");
  ASSERT_EQ(list.size(), 5u);
  using Item = std::pair<std::string, DeclaredType>;
  EXPECT_EQ(list[0], (Item{"a", {Type::kI32}}));
  EXPECT_EQ(list[1], (Item{"b.c", {Type::kString}}));
  EXPECT_EQ(list[2], (Item{"x y", {Type::kF64}}));
  EXPECT_EQ(list[3], (Item{"n", {Type::kI64}}));
  EXPECT_EQ(list[4], (Item{"t", {Type::kBool}}));
  EXPECT_EQ(ParseTypeList("u:u64", "--types").size(), 1u);
}

TEST(ParseTypeList, LogicalTypes) {
  auto list = ParseTypeList("arrival_time:time,d:date,created_at:timestamp:ms,a:b:timestamp:ns,x:i32", "--types");
  using Item = std::pair<std::string, DeclaredType>;
  ASSERT_EQ(list.size(), 5u);
  EXPECT_EQ(list[0], (Item{"arrival_time", {Type::kI32, {Logical::kTime}}}));
  EXPECT_EQ(list[1], (Item{"d", {Type::kI32, {Logical::kDate}}}));
  EXPECT_EQ(list[2], (Item{"created_at", {Type::kI64, {Logical::kTimestamp, TimeUnit::kMs}}}));
  EXPECT_EQ(list[3], (Item{"a:b", {Type::kI64, {Logical::kTimestamp, TimeUnit::kNs}}}));
  EXPECT_EQ(list[4], (Item{"x", {Type::kI32}}));
  for (const char* bad : {"t:timestamp", "t:timestamp:h", "t:ms", "timestamp:ms", "t:time:s"}) {
    EXPECT_THROW(ParseTypeList(bad, "--types"), UsageError) << bad;
  }
}

// The text forms of the logical types go into their integers, and bad or out-of-range text is refused.
int64_t LogicalValue(std::string_view text, LogicalType logical, bool* ok, std::string* why = nullptr) {
  Field f{"f", PhysicalTypeOf(logical.kind), false, logical};
  Schema s{"t", {f}, {}};
  TableLayout layout(s);
  Buffer out;
  BatchBuilder b(&out, 1, layout);
  std::string reason;
  b.Begin();
  *ok = SetFieldFromText(text, f, 0, b, &reason);
  if (why) *why = reason;
  if (!*ok) {
    b.Abandon();
    return 0;
  }
  b.End();
  b.Finish();
  const char* rec = out.data() + kFrameHeaderSize;
  return f.type == Type::kI32 ? Load<int32_t>(rec) : Load<int64_t>(rec);
}

TEST(SetFieldFromText, Time) {
  const LogicalType time{Logical::kTime};
  bool ok;
  EXPECT_EQ(LogicalValue("25:10:00", time, &ok), 90600);
  EXPECT_TRUE(ok);
  EXPECT_EQ(LogicalValue("8:05:09", time, &ok), 8 * 3600 + 5 * 60 + 9);
  EXPECT_EQ(LogicalValue("00:00:00", time, &ok), 0);
  EXPECT_EQ(LogicalValue("-00:00:01", time, &ok), -1);
  EXPECT_EQ(LogicalValue("596523:14:07", time, &ok), INT32_MAX);
  EXPECT_TRUE(ok);
  for (const char* bad : {"", "8:05", "8:5:09", "08:60:00", "08:00:60", "596523:14:08", "1234567:00:00", " 8:00:00",
                          "08:00:00 ", "+8:00:00", "a:00:00", "08-00-00", "08:00:00:00"}) {
    LogicalValue(bad, time, &ok);
    EXPECT_FALSE(ok) << bad;
  }
  std::string why;
  LogicalValue("8:61:00", time, &ok, &why);
  EXPECT_EQ(why, "'8:61:00' is not a valid time (H:MM:SS)");
}

TEST(SetFieldFromText, Date) {
  const LogicalType date{Logical::kDate};
  bool ok;
  EXPECT_EQ(LogicalValue("1970-01-01", date, &ok), 0);
  EXPECT_EQ(LogicalValue("20240301", date, &ok), 19783);
  EXPECT_EQ(LogicalValue("2024-03-01", date, &ok), 19783);
  EXPECT_EQ(LogicalValue("2024-02-29", date, &ok), 19782);
  EXPECT_EQ(LogicalValue("1969-12-31", date, &ok), -1);
  EXPECT_EQ(LogicalValue("0000-01-01", date, &ok), -719528);
  EXPECT_EQ(LogicalValue("9999-12-31", date, &ok), 2932896);
  EXPECT_TRUE(ok);
  for (const char* bad : {"", "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-01-32", "2024-1-01",
                          "202403011", "2024031", "19783", "2024/03/01", "2024-03-01T00:00:00", "-2024-03-01"}) {
    LogicalValue(bad, date, &ok);
    EXPECT_FALSE(ok) << bad;
  }
}

TEST(SetFieldFromText, Timestamp) {
  const LogicalType ms{Logical::kTimestamp, TimeUnit::kMs};
  const LogicalType s{Logical::kTimestamp, TimeUnit::kS};
  const LogicalType ns{Logical::kTimestamp, TimeUnit::kNs};
  bool ok;
  EXPECT_EQ(LogicalValue("2024-03-01T12:00:00Z", s, &ok), 1709294400);
  EXPECT_EQ(LogicalValue("2024-03-01 12:00:00", s, &ok), 1709294400);
  EXPECT_EQ(LogicalValue("2024-03-01T13:30:00+01:30", s, &ok), 1709294400);
  EXPECT_EQ(LogicalValue("2024-03-01T10:00:00-0200", s, &ok), 1709294400);
  EXPECT_EQ(LogicalValue("2024-03-01T12:00:00.5Z", ms, &ok), 1709294400500);
  EXPECT_EQ(LogicalValue("2024-03-01T12:00:00.123000Z", ms, &ok), 1709294400123);
  EXPECT_EQ(LogicalValue("1969-12-31T23:59:59.999999999Z", ns, &ok), -1);
  EXPECT_EQ(LogicalValue("1709294400123", ms, &ok), 1709294400123);
  EXPECT_EQ(LogicalValue("-5", ms, &ok), -5);
  EXPECT_TRUE(ok);
  for (const char* bad : {"", "2024-03-01", "2024-03-01T12:00:00.1234Z", "2024-03-01T24:00:00Z",
                          "2024-03-01T12:00:00.Z", "2024-03-01T12:00:00+25:00", "2024-03-01T12:00:00 UTC",
                          "2024-03-01T12:00Z", "9223372036854775808", "+-5", "3000-01-01T00:00:00Z"}) {
    LogicalValue(bad, bad[0] == '3' ? ns : ms, &ok);
    EXPECT_FALSE(ok) << bad;
  }
  // Only instants that the text form can show: the years 0000 to 9999.
  EXPECT_EQ(LogicalValue("253402300799", s, &ok), 253402300799);  // 9999-12-31T23:59:59Z
  EXPECT_TRUE(ok);
  for (const char* bad : {"253402300800", "-62167219201", "0000-01-01T00:00:00+01:00", "9999-12-31T23:00:00-01:00"}) {
    LogicalValue(bad, s, &ok);
    EXPECT_FALSE(ok) << bad;
  }
}

TEST(ParseTypeList, Errors) {
  for (const char* bad : {"", "a", "a:", ":i32", "a:i32,", ",a:i32", "a:i32,,b:i8", "a:int32", "a:I32", "a i32"}) {
    try {
      ParseTypeList(bad, "--types");
      ADD_FAILURE() << "'" << bad << "' accepted";
    } catch (const UsageError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("--types: ", 0), 0u) << e.what();
    }
  }
  try {
    ParseTypeList("a:i32,b:text", "--types");
    ADD_FAILURE() << "unknown type accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("'text'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace recpipe
