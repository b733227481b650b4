// Records built with BatchBuilder come back unchanged through DecodeFrameHeader, ValidateBatch and RecordView, in
// frames of the requested size, and Abandon() leaves no trace of a half-built record.
#include "lib/batch_builder.h"

#include <gtest/gtest.h>

#include <bit>
#include <random>
#include <string>
#include <vector>

#include "lib/buffer.h"
#include "lib/frame.h"
#include "lib/record_view.h"
#include "lib/schema.h"

namespace recpipe {
namespace {

// A value as test data: fixed fields as their bit pattern, variable fields as text.
struct Cell {
  bool null = false;
  uint64_t bits = 0;
  std::string text;
  bool operator==(const Cell&) const = default;
};
using Row = std::vector<Cell>;

void PrintTo(const Cell& c, std::ostream* os) {
  *os << (c.null ? "null" : c.text.empty() ? std::to_string(c.bits) : "'" + c.text + "'");
}

Row RandomRow(const Schema& s, std::mt19937_64& rng, size_t max_text = 20) {
  Row row;
  for (const Field& f : s.fields) {
    Cell c;
    c.null = f.nullable && rng() % 3 == 0;
    if (!c.null) {
      int width = TypeWidth(f.type);
      if (f.type == Type::kBool) {
        c.bits = rng() & 1;
      } else if (width != 0) {
        c.bits = width == 8 ? rng() : rng() & ((uint64_t{1} << (8 * width)) - 1);
      } else {
        size_t n = rng() % (max_text + 1);  // 0 included: empty strings
        for (size_t i = 0; i < n; ++i) c.text.push_back(static_cast<char>(rng()));
      }
    }
    row.push_back(std::move(c));
  }
  return row;
}

void Add(BatchBuilder& b, const Schema& s, const Row& row) {
  b.Begin();
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i].null) b.SetNull(i);
    if (IsVariable(s.fields[i].type)) continue;
    if (row[i].null) continue;
    switch (TypeWidth(s.fields[i].type)) {
      case 1: b.SetFixed<uint8_t>(i, static_cast<uint8_t>(row[i].bits)); break;
      case 2: b.SetFixed<uint16_t>(i, static_cast<uint16_t>(row[i].bits)); break;
      case 4: b.SetFixed<uint32_t>(i, static_cast<uint32_t>(row[i].bits)); break;
      default: b.SetFixed<uint64_t>(i, row[i].bits); break;
    }
  }
  for (size_t i = 0; i < row.size(); ++i) {
    if (IsVariable(s.fields[i].type)) b.AddVariable(row[i].text);
  }
  b.End();
}

Row ReadRow(const Schema& s, const TableLayout& l, const RecordView& r) {
  Row row;
  for (size_t i = 0; i < s.fields.size(); ++i) {
    Cell c;
    Type t = s.fields[i].type;
    c.null = r.IsNull(i);
    if (IsVariable(t)) {
      c.text = std::string(r.GetBytes(i));
      if (c.null) {
        EXPECT_EQ(c.text, "") << "null variable field " << i << " is not empty";
      }
    } else {
      switch (TypeWidth(t)) {
        case 1: c.bits = r.Get<uint8_t>(i); break;
        case 2: c.bits = r.Get<uint16_t>(i); break;
        case 4: c.bits = r.Get<uint32_t>(i); break;
        default: c.bits = r.Get<uint64_t>(i); break;
      }
      if (c.null) {
        EXPECT_EQ(c.bits, 0u) << "null fixed field " << i << " is not zero";
      }
      c.bits = c.null ? 0 : c.bits;
    }
    row.push_back(std::move(c));
  }
  // Variables() agrees with GetBytes().
  std::vector<std::string_view> vars(l.variable_count());
  r.Variables(vars.data());
  for (size_t i = 0; i < s.fields.size(); ++i) {
    if (IsVariable(s.fields[i].type)) {
      EXPECT_EQ(vars[static_cast<size_t>(l.slot(i).variable_index)], row[i].text);
    }
  }
  return row;
}

struct Decoded {
  std::vector<Row> rows;
  std::vector<size_t> frame_payloads;  // payload size of each frame
};

// Walks the frames in buf as a reader would, checking each header, checksum and batch.
Decoded Decode(const Schema& s, const TableLayout& l, const Buffer& buf, uint32_t table_id) {
  Decoded d;
  size_t pos = 0;
  while (pos < buf.size()) {
    EXPECT_GE(buf.size() - pos, kFrameHeaderSize);
    if (buf.size() - pos < kFrameHeaderSize) break;
    FrameHeader h = DecodeFrameHeader(buf.data() + pos);
    EXPECT_EQ(h.type, static_cast<uint8_t>(FrameType::kBatch));
    EXPECT_EQ(h.flags, 0);
    EXPECT_EQ(h.reserved, 0);
    EXPECT_EQ(h.table_id, table_id);
    EXPECT_GT(h.count, 0u) << "empty batch frame";
    EXPECT_LE(h.length, buf.size() - pos - kFrameHeaderSize);
    if (h.length > buf.size() - pos - kFrameHeaderSize) break;
    const char* payload = buf.data() + pos + kFrameHeaderSize;
    EXPECT_EQ(FrameChecksum(buf.data() + pos, payload, h.length), h.checksum);
    std::string why;
    std::string_view body(payload, h.length);
    EXPECT_TRUE(ValidateBatch(l, body, h.count, &why)) << why;
    size_t n = 0;
    ForEachRecord(l, body, [&](const RecordView& r) {
      d.rows.push_back(ReadRow(s, l, r));
      ++n;
    });
    EXPECT_EQ(n, h.count);
    d.frame_payloads.push_back(h.length);
    pos += kFrameHeaderSize + h.length;
  }
  return d;
}

// Builds `n` random rows with the given batch size and checks that they read back.
void RoundTrip(const Schema& s, size_t n, size_t batch_bytes, size_t max_text = 20) {
  TableLayout l(s);
  std::mt19937_64 rng(n * 31 + batch_bytes);
  std::vector<Row> rows;
  Buffer out;
  BatchBuilder b(&out, 7, l, batch_bytes);
  for (size_t i = 0; i < n; ++i) {
    rows.push_back(RandomRow(s, rng, max_text));
    Add(b, s, rows.back());
  }
  b.Finish();
  EXPECT_EQ(b.records(), n);
  Decoded d = Decode(s, l, out, 7);
  ASSERT_EQ(d.rows.size(), rows.size());
  for (size_t i = 0; i < n; ++i) EXPECT_EQ(d.rows[i], rows[i]) << "record " << i;
}

Schema FixedOnly() {
  return {"fixed",
          {{"b", Type::kBool, false},
           {"i8", Type::kI8, true},
           {"i16", Type::kI16, false},
           {"i32", Type::kI32, true},
           {"i64", Type::kI64, false},
           {"u8", Type::kU8, false},
           {"u16", Type::kU16, true},
           {"u32", Type::kU32, false},
           {"u64", Type::kU64, true},
           {"f32", Type::kF32, false},
           {"f64", Type::kF64, true}},
          {}};
}

TEST(BatchBuilder, FixedOnlyTable) { RoundTrip(FixedOnly(), 500, 1 << 20); }

TEST(BatchBuilder, FixedOnlyPacksRecords) {
  Schema s = FixedOnly();
  TableLayout l(s);
  Buffer out;
  BatchBuilder b(&out, 1, l);
  std::mt19937_64 rng(1);
  for (int i = 0; i < 10; ++i) Add(b, s, RandomRow(s, rng));
  b.Finish();
  ASSERT_EQ(out.size(), kFrameHeaderSize + 10 * l.record_size());
  EXPECT_EQ(DecodeFrameHeader(out.data()).count, 10u);
}

TEST(BatchBuilder, OneVariableField) {
  RoundTrip({"one", {{"n", Type::kI32, false}, {"s", Type::kString, false}}, {}}, 300, 1 << 20);
}

TEST(BatchBuilder, OnlyAVariableField) { RoundTrip({"line", {{"line", Type::kString, false}}, {}}, 300, 1 << 20); }

TEST(BatchBuilder, ThreeVariableFields) {
  RoundTrip({"three",
             {{"a", Type::kString, true},
              {"x", Type::kI64, false},
              {"b", Type::kBytes, false},
              {"y", Type::kBool, true},
              {"c", Type::kString, false}},
             {}},
            300, 1 << 20);
}

TEST(BatchBuilder, MoreThanEightNullableFields) {
  Schema s{"nulls", {}, {}};
  const Type types[] = {Type::kString, Type::kI8, Type::kF64, Type::kBytes, Type::kU32, Type::kBool};
  for (int i = 0; i < 19; ++i) s.fields.push_back({"f" + std::to_string(i), types[i % 6], true});
  ASSERT_EQ(TableLayout(s).bitmap_bytes(), 3u);
  RoundTrip(s, 400, 1 << 20);
}

TEST(BatchBuilder, EmptyStrings) {
  Schema s{"e", {{"a", Type::kString, false}, {"b", Type::kString, false}, {"c", Type::kBytes, false}}, {}};
  TableLayout l(s);
  Buffer out;
  BatchBuilder b(&out, 1, l);
  Add(b, s, {Cell{}, Cell{}, Cell{}});
  Add(b, s, {Cell{false, 0, "x"}, Cell{}, Cell{}});
  Add(b, s, {Cell{}, Cell{}, Cell{false, 0, "z"}});
  b.Finish();
  Decoded d = Decode(s, l, out, 1);
  ASSERT_EQ(d.rows.size(), 3u);
  EXPECT_EQ(d.rows[0], (Row{Cell{}, Cell{}, Cell{}}));
  EXPECT_EQ(d.rows[1], (Row{Cell{false, 0, "x"}, Cell{}, Cell{}}));
  EXPECT_EQ(d.rows[2], (Row{Cell{}, Cell{}, Cell{false, 0, "z"}}));
}

TEST(BatchBuilder, RecordBytesAreTheDocumentedLayout) {
  // a: nullable i32 (null), b: u16, s: string, t: string (last: no length).
  Schema s{
      "t",
      {{"a", Type::kI32, true}, {"s", Type::kString, false}, {"b", Type::kU16, false}, {"t", Type::kString, false}},
      {}};
  TableLayout l(s);
  Buffer out;
  BatchBuilder b(&out, 3, l);
  b.Begin();
  b.SetFixed<uint16_t>(2, 0x0102);
  b.SetNull(0);
  b.AddVariable("xy");
  b.AddVariable("z");
  b.End();
  b.Finish();
  std::string want(
      "\x0e\0\0\0"    // length of the rest: 1 + 4 + 2 + 4 + 2 + 1
      "\x01"          // bitmap: a is null
      "\0\0\0\0"      // a
      "\x02\x01"      // b
      "\x02\0\0\0xy"  // s
      "z",            // t
      18);
  EXPECT_EQ(out.view().substr(kFrameHeaderSize), want);
  FrameHeader h = DecodeFrameHeader(out.data());
  EXPECT_EQ(h.length, 18u);
  EXPECT_EQ(h.count, 1u);
  EXPECT_EQ(h.table_id, 3u);
}

TEST(BatchBuilder, RecordLargerThanTheBatchSize) {
  Schema s{"big", {{"n", Type::kU32, false}, {"s", Type::kString, false}}, {}};
  TableLayout l(s);
  Buffer out;
  BatchBuilder b(&out, 1, l, 100);
  Row small{Cell{false, 1, ""}, Cell{false, 0, "a"}};
  Row big{Cell{false, 2, ""}, Cell{false, 0, std::string(10000, 'x')}};
  Add(b, s, small);
  Add(b, s, big);
  Add(b, s, small);
  b.Finish();
  Decoded d = Decode(s, l, out, 1);
  ASSERT_EQ(d.rows.size(), 3u);
  EXPECT_EQ(d.rows[1], big);
  EXPECT_EQ(d.rows[2], small);
  EXPECT_EQ(d.frame_payloads.size(), 2u);  // the big record closes the first batch, the last one gets its own
}

TEST(BatchBuilder, ManyRecordsSealSeveralFrames) {
  Schema s{"many", {{"n", Type::kI64, false}, {"s", Type::kString, true}, {"m", Type::kU8, true}}, {}};
  const size_t batch = 4096;
  RoundTrip(s, 20000, batch);
  // Frame sizes: each reaches the target except the last, and overshoots by less than one record.
  TableLayout l(s);
  Buffer out;
  BatchBuilder b(&out, 1, l, batch);
  std::mt19937_64 rng(5);
  for (int i = 0; i < 20000; ++i) Add(b, s, RandomRow(s, rng));
  EXPECT_GT(out.size(), 0u) << "nothing sealed before Finish";
  b.Finish();
  Decoded d = Decode(s, l, out, 1);
  ASSERT_GT(d.frame_payloads.size(), 10u);
  for (size_t i = 0; i + 1 < d.frame_payloads.size(); ++i) {
    EXPECT_GE(d.frame_payloads[i], batch);
    EXPECT_LT(d.frame_payloads[i], batch + 4 + 1 + 9 + 4 + 20);
  }
  EXPECT_EQ(d.rows.size(), 20000u);
}

TEST(BatchBuilder, AbandonDropsTheHalfBuiltRecord) {
  Schema s{"t", {{"n", Type::kI32, true}, {"a", Type::kString, false}, {"b", Type::kString, false}}, {}};
  TableLayout l(s);
  Buffer out;
  BatchBuilder b(&out, 1, l);
  Row good1{Cell{false, 1, ""}, Cell{false, 0, "one"}, Cell{false, 0, "uno"}};
  Row good2{Cell{true, 0, ""}, Cell{false, 0, "two"}, Cell{false, 0, ""}};
  Add(b, s, good1);
  b.Begin();
  b.SetFixed<int32_t>(0, 99);
  b.SetNull(0);
  b.AddVariable("half");
  b.Abandon();
  Add(b, s, good2);
  EXPECT_EQ(b.records(), 2u);
  b.Finish();
  Decoded d = Decode(s, l, out, 1);
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0], good1);
  EXPECT_EQ(d.rows[1], good2);
}

TEST(BatchBuilder, AbandonAtTheStartOfABatchLeavesNoFrame) {
  Schema s{"t", {{"n", Type::kI32, false}}, {}};
  TableLayout l(s);
  Buffer out;
  BatchBuilder b(&out, 1, l, 8);
  b.Begin();
  b.SetFixed<int32_t>(0, 1);
  b.Abandon();
  b.Finish();
  EXPECT_EQ(out.size(), 0u);
  EXPECT_EQ(b.records(), 0u);
}

TEST(BatchBuilder, FinishWithoutRecordsWritesNothing) {
  Schema s{"t", {{"s", Type::kString, false}}, {}};
  TableLayout l(s);
  Buffer out;
  out.Append("keep");
  BatchBuilder b(&out, 1, l);
  b.Finish();
  EXPECT_EQ(out.view(), "keep");
}

}  // namespace
}  // namespace recpipe
