// RecordView reads hand-made records as recpipe-stream(5) lays them out, and ValidateBatch refuses every batch
// whose lengths would let a reader run outside it.
#include "lib/record_view.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "lib/byte_cursor.h"
#include "lib/schema.h"

namespace recpipe {
namespace {

// Three variable fields around two fixed ones: s0 (nullable string), n (i16), s1 (bytes), u (u64), s2 (string).
Schema Mixed() {
  return {"m",
          {{"s0", Type::kString, true},
           {"n", Type::kI16, false},
           {"s1", Type::kBytes, false},
           {"u", Type::kU64, true},
           {"s2", Type::kString, false}},
          {}};
}

// One record of Mixed(), with its length prefix.
std::string MixedRecord(std::string_view s0, int16_t n, std::string_view s1, uint64_t u, std::string_view s2,
                        uint8_t bitmap = 0) {
  std::string rest;
  ByteWriter w(&rest);
  w.Write<uint8_t>(bitmap);
  w.Write<int16_t>(n);
  w.Write<uint64_t>(u);
  w.WriteString(s0);
  w.WriteString(s1);
  rest.append(s2);
  std::string rec;
  ByteWriter(&rec).WriteString(rest);
  return rec;
}

TEST(RecordView, ReadsEveryFieldOfAMixedRecord) {
  Schema s = Mixed();
  TableLayout l(s);
  std::string payload =
      MixedRecord("alpha", -2, std::string("\0\xff", 2), 1ull << 63, "omega") + MixedRecord("", 7, "", 0, "", 0x03);
  std::string why;
  ASSERT_TRUE(ValidateBatch(l, payload, 2, &why)) << why;
  std::vector<RecordView> recs;
  ForEachRecord(l, payload, [&](const RecordView& r) { recs.push_back(r); });
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_FALSE(recs[0].IsNull(0));
  EXPECT_FALSE(recs[0].IsNull(1));  // not nullable
  EXPECT_FALSE(recs[0].IsNull(3));
  EXPECT_EQ(recs[0].GetBytes(0), "alpha");
  EXPECT_EQ(recs[0].GetInt(1), -2);
  EXPECT_EQ(recs[0].Get<int16_t>(1), -2);
  EXPECT_EQ(recs[0].GetBytes(2), std::string_view("\0\xff", 2));
  EXPECT_EQ(recs[0].GetUInt(3), 1ull << 63);
  EXPECT_EQ(recs[0].GetBytes(4), "omega");
  std::string_view vars[3];
  recs[0].Variables(vars);
  EXPECT_EQ(vars[0], "alpha");
  EXPECT_EQ(vars[1], std::string_view("\0\xff", 2));
  EXPECT_EQ(vars[2], "omega");
  EXPECT_TRUE(recs[1].IsNull(0));
  EXPECT_TRUE(recs[1].IsNull(3));
  EXPECT_FALSE(recs[1].IsNull(4));
  EXPECT_EQ(recs[1].GetInt(1), 7);
  EXPECT_EQ(recs[1].GetBytes(4), "");
}

TEST(RecordView, IntegersWidenBySignedness) {
  Schema s{"w",
           {{"b", Type::kBool, false},
            {"i8", Type::kI8, false},
            {"u8", Type::kU8, false},
            {"i16", Type::kI16, false},
            {"u16", Type::kU16, false},
            {"i32", Type::kI32, false},
            {"u32", Type::kU32, false},
            {"i64", Type::kI64, false},
            {"u64", Type::kU64, false},
            {"f32", Type::kF32, false},
            {"f64", Type::kF64, false}},
           {}};
  TableLayout l(s);
  std::string rec;
  ByteWriter w(&rec);
  w.Write<uint8_t>(1);
  w.Write<int8_t>(-1);
  w.Write<uint8_t>(255);
  w.Write<int16_t>(-300);
  w.Write<uint16_t>(65535);
  w.Write<int32_t>(std::numeric_limits<int32_t>::min());
  w.Write<uint32_t>(4000000000u);
  w.Write<int64_t>(std::numeric_limits<int64_t>::min());
  w.Write<uint64_t>(std::numeric_limits<uint64_t>::max());
  w.Write<float>(1.5f);
  w.Write<double>(-0.1);
  ASSERT_EQ(rec.size(), l.record_size());
  std::string why;
  ASSERT_TRUE(ValidateBatch(l, rec, 1, &why)) << why;
  RecordView r(rec.data(), static_cast<uint32_t>(rec.size()), &l);
  EXPECT_EQ(r.GetInt(0), 1);
  EXPECT_EQ(r.GetInt(1), -1);
  EXPECT_EQ(r.GetInt(2), 255);
  EXPECT_EQ(r.GetInt(3), -300);
  EXPECT_EQ(r.GetInt(4), 65535);
  EXPECT_EQ(r.GetInt(5), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(r.GetInt(6), 4000000000);
  EXPECT_EQ(r.GetInt(7), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(r.GetUInt(8), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(r.GetUInt(6), 4000000000u);
  EXPECT_EQ(r.GetFloat(9), 1.5);
  EXPECT_EQ(r.GetFloat(10), -0.1);
}

TEST(ValidateBatch, FixedSizeNeedsExactLength) {
  Schema s{"f", {{"a", Type::kI32, true}}, {}};
  TableLayout l(s);
  std::string why;
  EXPECT_TRUE(ValidateBatch(l, std::string(15, '\0'), 3, &why));
  EXPECT_TRUE(ValidateBatch(l, "", 0, &why));
  EXPECT_FALSE(ValidateBatch(l, std::string(14, '\0'), 3, &why));
  EXPECT_FALSE(why.empty());
  EXPECT_FALSE(ValidateBatch(l, std::string(16, '\0'), 3, &why));
  EXPECT_FALSE(ValidateBatch(l, std::string(15, '\0'), 4, &why));
  EXPECT_FALSE(ValidateBatch(l, std::string(15, '\0'), 2, &why));
}

TEST(ValidateBatch, WrongRecordCounts) {
  TableLayout l(Mixed());
  std::string payload = MixedRecord("a", 1, "b", 2, "c") + MixedRecord("d", 3, "e", 4, "f");
  std::string why;
  EXPECT_TRUE(ValidateBatch(l, payload, 2, &why)) << why;
  EXPECT_FALSE(ValidateBatch(l, payload, 1, &why));  // bytes left over
  EXPECT_FALSE(ValidateBatch(l, payload, 3, &why));  // runs past the end
  EXPECT_NE(why.find("record 2"), std::string::npos) << why;
  EXPECT_FALSE(ValidateBatch(l, payload.substr(0, payload.size() - 1), 2, &why));
  EXPECT_FALSE(ValidateBatch(l, payload + '\0', 2, &why));
}

// Every length field of a valid batch, set to values that point outside the record or the batch, is caught.
TEST(ValidateBatch, RejectsCorruptedLengths) {
  TableLayout l(Mixed());
  std::vector<std::string> recs = {MixedRecord("ab", 1, "cde", 2, "f"), MixedRecord("", 3, "", 4, ""),
                                   MixedRecord("xyz", 5, "w", 6, "tail")};
  const uint32_t head = l.bitmap_bytes() + l.fixed_bytes();
  std::string payload;
  std::vector<size_t> record_lengths;  // offsets of the u32 before each record
  std::vector<size_t> inner_lengths;   // offsets of the u32 before s0 and s1
  for (const std::string& r : recs) {
    record_lengths.push_back(payload.size());
    inner_lengths.push_back(payload.size() + 4 + head);
    inner_lengths.push_back(payload.size() + 4 + head + 4 + Load<uint32_t>(r.data() + 4 + head));
    payload += r;
  }
  std::string why;
  ASSERT_TRUE(ValidateBatch(l, payload, 3, &why)) << why;
  auto with = [&](size_t at, uint32_t v) {
    std::string p = payload;
    Store<uint32_t>(p.data() + at, v);
    return p;
  };
  for (size_t r = 0; r < record_lengths.size(); ++r) {
    size_t at = record_lengths[r];
    uint32_t len = Load<uint32_t>(payload.data() + at);
    for (uint32_t bad :
         {0u, head, head + 7, len + 1, 0xFFFFFFFFu, 0x80000000u, static_cast<uint32_t>(payload.size())}) {
      if (bad == len) continue;
      EXPECT_FALSE(ValidateBatch(l, with(at, bad), 3, &why)) << "record " << r << " length " << bad;
    }
  }
  for (size_t i = 0; i < inner_lengths.size(); ++i) {
    size_t rec_start = record_lengths[i / 2];
    uint32_t rec_len = Load<uint32_t>(payload.data() + rec_start);
    for (uint32_t bad : {rec_len, rec_len - head, 0xFFFFFFFFu, 0xFFFFFFFCu, 0x7FFFFFFFu}) {
      EXPECT_FALSE(ValidateBatch(l, with(inner_lengths[i], bad), 3, &why)) << "inner length " << i << " set to " << bad;
    }
  }
}

// Whatever the damage, a batch that ValidateBatch accepts can be read without leaving the payload.
TEST(ValidateBatch, AcceptedBatchesStayInBounds) {
  TableLayout l(Mixed());
  std::string payload =
      MixedRecord("ab", 1, "cde", 2, "f") + MixedRecord("", 3, "", 4, "") + MixedRecord("xyz", 5, "w", 6, "tail");
  std::mt19937 rng(42);
  int accepted = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string p = payload;
    int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) p[rng() % p.size()] = static_cast<char>(rng() % 4 == 0 ? rng() : rng() % 24);
    uint32_t count = 1 + rng() % 4;
    std::string why;
    if (!ValidateBatch(l, p, count, &why)) {
      EXPECT_FALSE(why.empty());
      continue;
    }
    ++accepted;
    const char* lo = p.data();
    const char* hi = p.data() + p.size();
    uint32_t seen = 0;
    ForEachRecord(l, p, [&](const RecordView& r) {
      ++seen;
      ASSERT_GE(r.data(), lo);
      ASSERT_LE(r.data() + r.size(), hi);
      std::string_view vars[3];
      r.Variables(vars);
      for (size_t v = 0; v < 3; ++v) {
        ASSERT_GE(vars[v].data(), r.data());
        ASSERT_LE(vars[v].data() + vars[v].size(), r.data() + r.size());
      }
    });
    EXPECT_EQ(seen, count);
  }
  EXPECT_GT(accepted, 0);
}

}  // namespace
}  // namespace recpipe
