// Records as TSV, CSV and JSON lines exactly as recpipe(7) describes them: escapes, quoting, nulls, base64 and
// shortest round-trip floats.
#include "lib/text_format.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>

#include "lib/batch_builder.h"
#include "lib/error.h"
#include "lib/logical_text.h"

namespace recpipe {
namespace {

template <typename F>
std::string Out(F&& fn) {
  Buffer b;
  fn(&b);
  return std::string(b.view());
}

std::string Tsv(std::string_view s) {
  return Out([&](Buffer* b) { AppendTsvEscaped(s, b); });
}
std::string Csv(std::string_view s, char d = ',') {
  return Out([&](Buffer* b) { AppendCsvField(s, d, b); });
}
std::string Json(std::string_view s) {
  return Out([&](Buffer* b) { AppendJsonString(s, b); });
}
std::string Base64(std::string_view s) {
  return Out([&](Buffer* b) { AppendBase64(s, b); });
}

TEST(TextFormat, OutputFormNames) {
  for (OutputForm f : {OutputForm::kRec, OutputForm::kTsv, OutputForm::kCsv, OutputForm::kJsonl, OutputForm::kPack,
                       OutputForm::kSqlite}) {
    EXPECT_EQ(ParseOutputForm(OutputFormName(f)), f);
  }
  EXPECT_FALSE(ParseOutputForm("json"));
  EXPECT_FALSE(ParseOutputForm(""));
}

TEST(TextFormat, TsvEscapes) {
  EXPECT_EQ(Tsv(""), "");
  EXPECT_EQ(Tsv("plain text"), "plain text");
  EXPECT_EQ(Tsv("a\tb"), "a\\tb");
  EXPECT_EQ(Tsv("a\nb\r\n"), "a\\nb\\r\\n");
  EXPECT_EQ(Tsv("back\\slash"), "back\\\\slash");
  EXPECT_EQ(Tsv("\\N"), "\\\\N");  // the string "\N" is not null
  EXPECT_EQ(Tsv("\t\t"), "\\t\\t");
  EXPECT_EQ(Tsv(std::string_view("\0\x01", 2)), std::string("\0\x01", 2));
}

TEST(TextFormat, CsvQuoting) {
  EXPECT_EQ(Csv("plain"), "plain");
  EXPECT_EQ(Csv(""), "\"\"");
  EXPECT_EQ(Csv("a,b"), "\"a,b\"");
  EXPECT_EQ(Csv("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Csv("\""), "\"\"\"\"");
  EXPECT_EQ(Csv("line\nfeed"), "\"line\nfeed\"");
  EXPECT_EQ(Csv("cr\r"), "\"cr\r\"");
  EXPECT_EQ(Csv("a;b"), "a;b");
  EXPECT_EQ(Csv("a;b", ';'), "\"a;b\"");
  EXPECT_EQ(Csv("tab\there"), "tab\there");
}

TEST(TextFormat, JsonEscapes) {
  EXPECT_EQ(Json(""), "\"\"");
  EXPECT_EQ(Json("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Json("\n\t\r\b\f"), "\"\\n\\t\\r\\b\\f\"");
  EXPECT_EQ(Json(std::string_view("\0\x01\x1f\x0b", 4)), "\"\\u0000\\u0001\\u001f\\u000b\"");
  EXPECT_EQ(Json("\x7f"), "\"\x7f\"");
  EXPECT_EQ(Json("é 日本 🙂"), "\"é 日本 🙂\"");
  EXPECT_EQ(Json("/"), "\"/\"");
  EXPECT_EQ(Json(" "), "\" \"");
}

TEST(TextFormat, Base64Rfc4648Vectors) {
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("fo"), "Zm8=");
  EXPECT_EQ(Base64("foo"), "Zm9v");
  EXPECT_EQ(Base64("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64(std::string_view("\0", 1)), "AA==");
  EXPECT_EQ(Base64("\xff\xfe\xfd"), "//79");
  EXPECT_EQ(Base64("\xfb\xff"), "+/8=");
}

// A one-field table holding `v`, rendered by AppendNumber.
template <typename T>
std::string Number(Type type, T v) {
  Schema s{"n", {{"v", type, false}}, {}};
  TableLayout l(s);
  Buffer rec;
  BatchBuilder b(&rec, 1, l);
  b.Begin();
  b.SetFixed<T>(0, v);
  b.End();
  RecordView r(rec.data() + kFrameHeaderSize, l.record_size(), &l);
  return Out([&](Buffer* out) { AppendNumber(r, 0, type, out); });
}

TEST(TextFormat, Integers) {
  EXPECT_EQ(Number<int8_t>(Type::kI8, -128), "-128");
  EXPECT_EQ(Number<uint8_t>(Type::kU8, 255), "255");
  EXPECT_EQ(Number<int16_t>(Type::kI16, -32768), "-32768");
  EXPECT_EQ(Number<uint16_t>(Type::kU16, 65535), "65535");
  EXPECT_EQ(Number<int32_t>(Type::kI32, std::numeric_limits<int32_t>::min()), "-2147483648");
  EXPECT_EQ(Number<uint32_t>(Type::kU32, 4294967295u), "4294967295");
  EXPECT_EQ(Number<int64_t>(Type::kI64, std::numeric_limits<int64_t>::min()), "-9223372036854775808");
  EXPECT_EQ(Number<uint64_t>(Type::kU64, std::numeric_limits<uint64_t>::max()), "18446744073709551615");
  EXPECT_EQ(Number<uint8_t>(Type::kBool, 1), "true");
  EXPECT_EQ(Number<uint8_t>(Type::kBool, 0), "false");
}

TEST(TextFormat, FloatsShortestForm) {
  EXPECT_EQ(Number<double>(Type::kF64, 0.1), "0.1");
  EXPECT_EQ(Number<double>(Type::kF64, 1e300), "1e+300");
  EXPECT_EQ(Number<double>(Type::kF64, -0.0), "-0");
  EXPECT_EQ(Number<double>(Type::kF64, 0.0), "0");
  EXPECT_EQ(Number<double>(Type::kF64, 2.5), "2.5");
  EXPECT_EQ(Number<double>(Type::kF64, 1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(Number<double>(Type::kF64, std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(Number<double>(Type::kF64, std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(Number<double>(Type::kF64, -std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(Number<float>(Type::kF32, 0.1f), "0.1");  // not 0.10000000149011612
  EXPECT_EQ(Number<float>(Type::kF32, 3.4028235e38f), "3.4028235e+38");
  EXPECT_EQ(Number<float>(Type::kF32, -std::numeric_limits<float>::infinity()), "-inf");
  EXPECT_EQ(Number<float>(Type::kF32, std::numeric_limits<float>::quiet_NaN()), "nan");
}

TEST(TextFormat, FloatsRoundTrip) {
  std::mt19937_64 rng(9);
  for (int i = 0; i < 20000; ++i) {
    uint64_t bits = rng();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (!std::isfinite(d)) continue;
    std::string text = Number<double>(Type::kF64, d);
    double back = 0;
    auto r = std::from_chars(text.data(), text.data() + text.size(), back);
    ASSERT_TRUE(r.ec == std::errc() && r.ptr == text.data() + text.size()) << text;
    EXPECT_EQ(std::memcmp(&back, &d, sizeof d), 0) << text;
    float f;
    uint32_t fbits = static_cast<uint32_t>(bits);
    std::memcpy(&f, &fbits, sizeof f);
    if (!std::isfinite(f)) continue;
    text = Number<float>(Type::kF32, f);
    float fback = 0;
    r = std::from_chars(text.data(), text.data() + text.size(), fback);
    ASSERT_TRUE(r.ec == std::errc() && r.ptr == text.data() + text.size()) << text;
    EXPECT_EQ(std::memcmp(&fback, &f, sizeof f), 0) << text;
  }
}

// s string, n i32?, f f64, b bytes?, t bool.
const Schema kTable{"t",
                    {{"s", Type::kString, false},
                     {"n", Type::kI32, true},
                     {"f", Type::kF64, false},
                     {"b", Type::kBytes, true},
                     {"t", Type::kBool, false}},
                    {}};

struct Values {
  std::string s;
  std::optional<int32_t> n;
  double f;
  std::optional<std::string> b;
  bool t;
};

std::string Render(OutputForm form, const Values& v) {
  TableLayout l(kTable);
  Buffer frame;
  BatchBuilder bb(&frame, 1, l);
  bb.Begin();
  if (v.n)
    bb.SetFixed<int32_t>(1, *v.n);
  else
    bb.SetNull(1);
  bb.SetFixed<double>(2, v.f);
  if (!v.b) bb.SetNull(3);
  bb.SetFixed<uint8_t>(4, v.t);
  bb.AddVariable(v.s);
  bb.AddVariable(v.b ? *v.b : "");
  bb.End();
  bb.Finish();
  std::string_view payload = frame.view().substr(kFrameHeaderSize);
  RecordView r(payload.data() + 4, static_cast<uint32_t>(payload.size() - 4), &l);
  return Out([&](Buffer* out) { RenderRecord(form, kTable, l, r, out); });
}

TEST(TextFormat, Headers) {
  EXPECT_EQ(Out([](Buffer* b) { RenderHeader(OutputForm::kTsv, kTable, b); }), "s\tn\tf\tb\tt\n");
  EXPECT_EQ(Out([](Buffer* b) { RenderHeader(OutputForm::kCsv, kTable, b); }), "s,n,f,b,t\n");
  EXPECT_EQ(Out([](Buffer* b) { RenderHeader(OutputForm::kJsonl, kTable, b); }), "");
  EXPECT_EQ(Out([](Buffer* b) { RenderHeader(OutputForm::kRec, kTable, b); }), "");
  Schema odd{"o", {{"a,b", Type::kI8, false}, {"c\td", Type::kI8, false}, {"", Type::kI8, false}}, {}};
  EXPECT_EQ(Out([&](Buffer* b) { RenderHeader(OutputForm::kCsv, odd, b); }), "\"a,b\",c\td,\"\"\n");
  EXPECT_EQ(Out([&](Buffer* b) { RenderHeader(OutputForm::kTsv, odd, b); }), "a,b\tc\\td\t\n");
}

TEST(TextFormat, RecordsAsTsv) {
  EXPECT_EQ(Render(OutputForm::kTsv, {"a\tb\\c\n", std::nullopt, 0.5, "foo", true}),
            "a\\tb\\\\c\\n\t\\N\t0.5\tZm9v\ttrue\n");
  EXPECT_EQ(Render(OutputForm::kTsv, {"", -7, std::nan(""), std::nullopt, false}), "\t-7\tnan\t\\N\tfalse\n");
  EXPECT_EQ(Render(OutputForm::kTsv, {"\\N", 0, -0.0, "", false}), "\\\\N\t0\t-0\t\tfalse\n");
}

TEST(TextFormat, RecordsAsCsv) {
  EXPECT_EQ(Render(OutputForm::kCsv, {"a\tb\\c\n", std::nullopt, 0.5, "foo", true}), "\"a\tb\\c\n\",,0.5,Zm9v,true\n");
  EXPECT_EQ(Render(OutputForm::kCsv, {"", -7, -INFINITY, std::nullopt, false}), "\"\",-7,-inf,,false\n");
  EXPECT_EQ(Render(OutputForm::kCsv, {"x,\"y\"", 1, 1e300, "\xff\xfe\xfd", true}),
            "\"x,\"\"y\"\"\",1,1e+300,//79,true\n");
  // Empty bytes are "" and null bytes nothing, as for strings.
  EXPECT_EQ(Render(OutputForm::kCsv, {"s", 1, 0, "", true}), "s,1,0,\"\",true\n");
  EXPECT_EQ(Render(OutputForm::kCsv, {"s", 1, 0, std::nullopt, true}), "s,1,0,,true\n");
}

TEST(TextFormat, RecordsAsJsonLines) {
  EXPECT_EQ(Render(OutputForm::kJsonl, {"a\tb\\c\n\x01", std::nullopt, 0.5, "foo", true}),
            "{\"s\":\"a\\tb\\\\c\\n\\u0001\",\"n\":null,\"f\":0.5,\"b\":\"Zm9v\",\"t\":true}\n");
  EXPECT_EQ(Render(OutputForm::kJsonl, {"", -7, std::nan(""), std::nullopt, false}),
            "{\"s\":\"\",\"n\":-7,\"f\":null,\"b\":null,\"t\":false}\n");
  EXPECT_EQ(Render(OutputForm::kJsonl, {"é", 0, INFINITY, "", false}),
            "{\"s\":\"é\",\"n\":0,\"f\":null,\"b\":\"\",\"t\":false}\n");
  EXPECT_EQ(Render(OutputForm::kJsonl, {"x", 0, -INFINITY, "", false}),
            "{\"s\":\"x\",\"n\":0,\"f\":null,\"b\":\"\",\"t\":false}\n");
}

TEST(TextFormat, ManyVariableFields) {
  // More variable fields than the renderer keeps on its stack.
  Schema s{"wide", {}, {}};
  for (int i = 0; i < 20; ++i) s.fields.push_back({"c" + std::to_string(i), Type::kString, false});
  TableLayout l(s);
  Buffer frame;
  BatchBuilder bb(&frame, 1, l);
  bb.Begin();
  std::string want_tsv, want_json = "{";
  for (int i = 0; i < 20; ++i) {
    bb.AddVariable("v" + std::to_string(i));
    want_tsv += (i ? "\t" : "") + ("v" + std::to_string(i));
    want_json += std::string(i ? "," : "") + "\"c" + std::to_string(i) + "\":\"v" + std::to_string(i) + "\"";
  }
  bb.End();
  bb.Finish();
  std::string_view payload = frame.view().substr(kFrameHeaderSize);
  RecordView r(payload.data() + 4, static_cast<uint32_t>(payload.size() - 4), &l);
  EXPECT_EQ(Out([&](Buffer* out) { RenderRecord(OutputForm::kTsv, s, l, r, out); }), want_tsv + "\n");
  EXPECT_EQ(Out([&](Buffer* out) { RenderRecord(OutputForm::kJsonl, s, l, r, out); }), want_json + "}\n");
}

// One record of a time, a date and a ms timestamp (all nullable), rendered in each text form.
std::string RenderLogical(OutputForm form, std::optional<int32_t> time, std::optional<int32_t> date,
                          std::optional<int64_t> ts, TimeUnit unit = TimeUnit::kMs) {
  Schema s{"trips",
           {{"arrival_time", Type::kI32, true, {Logical::kTime}},
            {"service_date", Type::kI32, true, {Logical::kDate}},
            {"created_at", Type::kI64, true, {Logical::kTimestamp, unit}}},
           {}};
  TableLayout l(s);
  Buffer frame;
  BatchBuilder bb(&frame, 1, l);
  bb.Begin();
  if (time)
    bb.SetFixed<int32_t>(0, *time);
  else
    bb.SetNull(0);
  if (date)
    bb.SetFixed<int32_t>(1, *date);
  else
    bb.SetNull(1);
  if (ts)
    bb.SetFixed<int64_t>(2, *ts);
  else
    bb.SetNull(2);
  bb.End();
  bb.Finish();
  std::string_view payload = frame.view().substr(kFrameHeaderSize);
  RecordView r(payload.data(), static_cast<uint32_t>(payload.size()), &l);
  return Out([&](Buffer* out) { RenderRecord(form, s, l, r, out); });
}

TEST(TextFormat, LogicalTypesInEveryForm) {
  EXPECT_EQ(RenderLogical(OutputForm::kTsv, 90600, 19783, 1709294400123),
            "25:10:00\t2024-03-01\t2024-03-01T12:00:00.123Z\n");
  EXPECT_EQ(RenderLogical(OutputForm::kCsv, 90600, 19783, 1709294400123),
            "25:10:00,2024-03-01,2024-03-01T12:00:00.123Z\n");
  EXPECT_EQ(
      RenderLogical(OutputForm::kJsonl, 90600, 19783, 1709294400123),
      "{\"arrival_time\":\"25:10:00\",\"service_date\":\"2024-03-01\",\"created_at\":\"2024-03-01T12:00:00.123Z\"}\n");
  EXPECT_EQ(RenderLogical(OutputForm::kTsv, std::nullopt, std::nullopt, std::nullopt), "\\N\t\\N\t\\N\n");
  EXPECT_EQ(RenderLogical(OutputForm::kCsv, std::nullopt, std::nullopt, std::nullopt), ",,\n");
  EXPECT_EQ(RenderLogical(OutputForm::kJsonl, std::nullopt, std::nullopt, std::nullopt),
            "{\"arrival_time\":null,\"service_date\":null,\"created_at\":null}\n");
  EXPECT_EQ(RenderLogical(OutputForm::kTsv, -1, -1, -1), "-00:00:01\t1969-12-31\t1969-12-31T23:59:59.999Z\n");
  EXPECT_EQ(RenderLogical(OutputForm::kTsv, 0, 0, 0, TimeUnit::kS), "00:00:00\t1970-01-01\t1970-01-01T00:00:00Z\n");
  EXPECT_EQ(RenderLogical(OutputForm::kTsv, INT32_MAX, kMaxDate, 1, TimeUnit::kUs),
            "596523:14:07\t9999-12-31\t1970-01-01T00:00:00.000001Z\n");
  EXPECT_EQ(RenderLogical(OutputForm::kTsv, INT32_MIN, kMinDate, INT64_MIN, TimeUnit::kNs),
            "-596523:14:08\t0000-01-01\t1677-09-21T00:12:43.145224192Z\n");
}

TEST(TextFormat, LogicalValuesPastTheTextFormAreErrors) {
  for (auto [date, ts] :
       {std::pair<int32_t, int64_t>{kMaxDate + 1, 0}, {kMinDate - 1, 0}, {0, INT64_MAX}, {0, INT64_MIN}}) {
    try {
      RenderLogical(OutputForm::kCsv, 0, date, ts, TimeUnit::kS);
      ADD_FAILURE() << date << " " << ts << " rendered";
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find("table 'trips', field '"), std::string::npos) << e.what();
    }
  }
}

// Every value a text form can show reads back as the same integer.
TEST(TextFormat, LogicalTextRoundTrips) {
  std::mt19937_64 rng(7);
  Buffer b;
  for (int i = 0; i < 20000; ++i) {
    auto t = static_cast<int32_t>(rng());
    b.clear();
    AppendTimeOfDay(t, &b);
    int32_t t_back;
    ASSERT_TRUE(ParseTimeOfDay(b.view(), &t_back)) << b.view();
    EXPECT_EQ(t_back, t);

    auto d = static_cast<int32_t>(kMinDate + static_cast<int64_t>(rng() % (kMaxDate - kMinDate + 1)));
    b.clear();
    ASSERT_TRUE(AppendDate(d, &b));
    int32_t d_back;
    ASSERT_TRUE(ParseDate(b.view(), &d_back)) << b.view();
    EXPECT_EQ(d_back, d);

    for (TimeUnit u : {TimeUnit::kS, TimeUnit::kMs, TimeUnit::kUs, TimeUnit::kNs}) {
      // Any ns value is within the years 0000 to 9999; for the coarser units, any second of those years.
      const int64_t first = int64_t{kMinDate} * 86400, seconds = (int64_t{kMaxDate} + 1) * 86400 - first;
      const int64_t per = UnitsPerSecond(u);
      int64_t v = u == TimeUnit::kNs ? static_cast<int64_t>(rng())
                                     : (first + static_cast<int64_t>(rng() % static_cast<uint64_t>(seconds))) * per +
                                           static_cast<int64_t>(rng() % static_cast<uint64_t>(per));
      b.clear();
      ASSERT_TRUE(AppendTimestamp(v, u, &b)) << v;
      int64_t v_back;
      ASSERT_TRUE(ParseTimestamp(b.view(), u, &v_back)) << b.view();
      EXPECT_EQ(v_back, v) << b.view();
    }
  }
}

}  // namespace
}  // namespace recpipe
