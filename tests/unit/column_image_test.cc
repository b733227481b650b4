// The column image restores every record byte for byte, whatever the table's shape (fixed-width only, strings,
// nulls, several variable fields, one record, none) and values (extremes, negatives, sorted and random), keeps the
// right minimum and maximum of each integer field, and refuses images that do not fit the layout.
#include "lib/column_image.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "lib/batch_builder.h"
#include "lib/frame.h"
#include "lib/record_view.h"

namespace recpipe {
namespace {

// `count` random records of the schema, back to back as in a batch payload. `sorted` makes integer fields grow.
std::string RandomRecords(const Schema& schema, uint32_t count, uint32_t seed, bool sorted) {
  TableLayout layout(schema);
  Buffer frames;
  BatchBuilder b(&frames, 0, layout, size_t{1} << 30);
  std::mt19937_64 rnd(seed);
  std::vector<uint64_t> running(schema.fields.size(), 0);
  for (uint32_t i = 0; i < count; ++i) {
    b.Begin();
    for (size_t f = 0; f < schema.fields.size(); ++f) {
      const Field& field = schema.fields[f];
      const bool null = field.nullable && rnd() % 5 == 0;
      if (null) b.SetNull(f);
      uint64_t r = rnd();
      if (sorted) r = running[f] += rnd() % 1000;
      else if (rnd() % 3 == 0) r = rnd() % 2 ? 0 : ~uint64_t{0};  // extremes
      switch (field.type) {
        case Type::kBool: if (!null) b.SetFixed<uint8_t>(f, r & 1); break;
        case Type::kI8: case Type::kU8: if (!null) b.SetFixed<uint8_t>(f, static_cast<uint8_t>(r)); break;
        case Type::kI16: case Type::kU16: if (!null) b.SetFixed<uint16_t>(f, static_cast<uint16_t>(r)); break;
        case Type::kI32: case Type::kU32: case Type::kF32: if (!null) b.SetFixed<uint32_t>(f, static_cast<uint32_t>(r)); break;
        case Type::kI64: case Type::kU64: case Type::kF64: if (!null) b.SetFixed<uint64_t>(f, r); break;
        case Type::kString: case Type::kBytes: {
          std::string s;
          if (!null) {
            size_t n = rnd() % 4 == 0 ? 0 : rnd() % 40;
            for (size_t k = 0; k < n; ++k) s.push_back(static_cast<char>(rnd()));
          }
          b.AddVariable(s);
          break;
        }
      }
    }
    b.End();
  }
  b.Finish();
  std::string payload;
  if (!frames.empty()) payload.assign(frames.view().substr(kFrameHeaderSize));
  return payload;
}

void ExpectRoundTrip(const Schema& schema, uint32_t count, uint32_t seed, bool sorted) {
  TableLayout layout(schema);
  std::string records = RandomRecords(schema, count, seed, sorted);
  std::vector<uint16_t> stat_fields;
  for (size_t f = 0; f < schema.fields.size(); ++f) {
    if (HasStats(schema.fields[f].type)) stat_fields.push_back(static_cast<uint16_t>(f));
  }
  Buffer image;
  std::vector<FieldStat> stats;
  EncodeColumns(schema, layout, records, count, stat_fields, &image, &stats);
  Buffer back;
  std::string why;
  ASSERT_TRUE(DecodeColumns(schema, layout, image.view(), count, &back, &why)) << why;
  ASSERT_EQ(back.view(), records) << "schema " << schema.name << " count " << count << " seed " << seed;

  // Each stat is the minimum and maximum of the field's non-null values.
  ASSERT_EQ(stats.size(), stat_fields.size());
  for (const FieldStat& st : stats) {
    bool any = false;
    int64_t smin = 0, smax = 0;
    uint64_t umin = 0, umax = 0;
    ForEachRecord(layout, records, [&](const RecordView& r) {
      if (r.IsNull(st.field)) return;
      if (IsSigned(schema.fields[st.field].type)) {
        int64_t v = r.GetInt(st.field);
        smin = any ? std::min(smin, v) : v;
        smax = any ? std::max(smax, v) : v;
      } else {
        uint64_t v = r.GetUInt(st.field);
        umin = any ? std::min(umin, v) : v;
        umax = any ? std::max(umax, v) : v;
      }
      any = true;
    });
    ASSERT_EQ(st.present, any);
    if (!any) continue;
    if (IsSigned(schema.fields[st.field].type)) {
      EXPECT_EQ(static_cast<int64_t>(st.min), smin);
      EXPECT_EQ(static_cast<int64_t>(st.max), smax);
    } else {
      EXPECT_EQ(st.min, umin);
      EXPECT_EQ(st.max, umax);
    }
  }
}

std::vector<Schema> Shapes() {
  return {
      {"events", {{"t", Type::kI64, false}, {"x", Type::kU16, false}, {"y", Type::kU16, false}, {"p", Type::kI8, false}}, {}},
      {"nullable", {{"a", Type::kI32, true}, {"b", Type::kF64, true}, {"c", Type::kBool, true}, {"d", Type::kU64, true}}, {}},
      {"lines", {{"line", Type::kString, false}}, {}},
      {"mixed",
       {{"s0", Type::kString, true}, {"n", Type::kI16, false}, {"s1", Type::kBytes, false}, {"u", Type::kU64, true},
        {"s2", Type::kString, true}, {"f", Type::kF32, false}, {"i8", Type::kI8, true}, {"u32", Type::kU32, false}},
       {}},
      // Strings only: a value's neighbours in the record are other strings and the next record's length.
      {"strings",
       {{"a", Type::kString, false}, {"b", Type::kString, true}, {"c", Type::kBytes, false}, {"d", Type::kString, false}},
       {}},
      {"many_nulls",
       {{"a", Type::kI8, true}, {"b", Type::kI8, true}, {"c", Type::kI8, true}, {"d", Type::kI8, true},
        {"e", Type::kI8, true}, {"f", Type::kI8, true}, {"g", Type::kI8, true}, {"h", Type::kI8, true},
        {"i", Type::kString, true}},
       {}},
  };
}

TEST(ColumnImage, RoundTripsEveryShape) {
  uint32_t seed = 1;
  for (const Schema& s : Shapes()) {
    for (uint32_t count : {0u, 1u, 2u, 7u, 1000u}) {
      for (bool sorted : {false, true}) ExpectRoundTrip(s, count, seed++, sorted);
    }
  }
}

TEST(ColumnImage, DeltaCodingShrinksSortedColumns) {
  Schema s{"t", {{"t", Type::kI64, false}}, {}};
  TableLayout layout(s);
  std::string records = RandomRecords(s, 10000, 3, true);
  Buffer image;
  std::vector<FieldStat> stats;
  EncodeColumns(s, layout, records, 10000, {0}, &image, &stats);
  EXPECT_EQ(image.data()[0], 1) << "a sorted column should be delta-coded";
  // The deltas are below 1000: after the two low byte planes, the other six are all zero.
  size_t zeros = 0;
  for (size_t i = 1 + 2 * 10000; i < image.size(); ++i) zeros += image.data()[i] == 0;
  EXPECT_EQ(zeros, 6u * 10000);
}

TEST(ColumnImage, RefusesImagesThatDoNotFit) {
  Schema s = Shapes()[3];
  TableLayout layout(s);
  std::string records = RandomRecords(s, 50, 9, false);
  Buffer image;
  std::vector<FieldStat> stats;
  EncodeColumns(s, layout, records, 50, {}, &image, &stats);
  std::string why;
  for (size_t cut = 0; cut < image.size(); cut += 7) {
    Buffer back;
    EXPECT_FALSE(DecodeColumns(s, layout, image.view().substr(0, cut), 50, &back, &why)) << "cut at " << cut;
  }
  Buffer back;
  EXPECT_FALSE(DecodeColumns(s, layout, image.view(), 51, &back, &why));
  std::string extra(image.view());
  extra.push_back('x');
  EXPECT_FALSE(DecodeColumns(s, layout, extra, 50, &back, &why));
  EXPECT_NE(why.find("column image"), std::string::npos);
}

}  // namespace
}  // namespace recpipe
