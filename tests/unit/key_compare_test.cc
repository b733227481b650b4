// KeyCompare orders records by what their key values mean: numbers numerically (negative, huge unsigned, -0, NaN),
// strings bytewise as LC_ALL=C sort, nulls first, several fields lexicographically.
#include "lib/key_compare.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "lib/batch_builder.h"
#include "lib/buffer.h"
#include "lib/record_view.h"

namespace recpipe {
namespace {

// i (i64, nullable), u (u64), f (f64), b (bool), s (string, nullable), y (bytes).
Schema Table() {
  return {"t",
          {{"i", Type::kI64, true},
           {"u", Type::kU64, false},
           {"f", Type::kF64, false},
           {"b", Type::kBool, false},
           {"s", Type::kString, true},
           {"y", Type::kBytes, false}},
          {}};
}

struct Row {
  std::optional<int64_t> i;
  uint64_t u = 0;
  double f = 0;
  bool b = false;
  std::optional<std::string> s;
  std::string y;
};

Row IntRow(std::optional<int64_t> i) {
  Row r;
  r.i = i;
  return r;
}

// Encodes rows as one batch and gives views of its records (valid while the holder lives).
class Records {
 public:
  explicit Records(const std::vector<Row>& rows) : schema_(Table()), layout_(schema_) {
    BatchBuilder b(&frames_, 0, layout_);
    for (const Row& r : rows) {
      b.Begin();
      if (r.i) {
        b.SetFixed<int64_t>(0, *r.i);
      } else {
        b.SetNull(0);
      }
      b.SetFixed<uint64_t>(1, r.u);
      b.SetFixed<double>(2, r.f);
      b.SetFixed<uint8_t>(3, r.b ? 1 : 0);
      if (!r.s) b.SetNull(4);
      b.AddVariable(r.s ? *r.s : std::string());
      b.AddVariable(r.y);
      b.End();
    }
    b.Finish();
    ForEachRecordInFrames(layout_, frames_.view(), [&](const RecordView& v) { views_.push_back(v); });
  }
  const RecordView& operator[](size_t i) const { return views_[i]; }
  const TableLayout& layout() const { return layout_; }

 private:
  Schema schema_;
  TableLayout layout_;
  Buffer frames_;
  std::vector<RecordView> views_;
};

// Each record of rows, compared with each other on fields, must follow the order rows are listed in: strictly
// increasing, except where `equal_to_previous` says a row ties with the one before it.
void ExpectOrdered(const std::vector<Row>& rows, std::vector<size_t> fields, std::vector<bool> equal_to_previous = {}) {
  Records r(rows);
  KeyCompare cmp(r.layout(), std::move(fields));
  equal_to_previous.resize(rows.size(), false);
  for (size_t a = 0; a < rows.size(); ++a) {
    for (size_t b = 0; b < rows.size(); ++b) {
      // Rank: rows that tie share the rank of the first of their run.
      auto rank = [&](size_t k) {
        while (k > 0 && equal_to_previous[k]) --k;
        return k;
      };
      int want = rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0;
      EXPECT_EQ(cmp(r[a], r[b]), want) << "rows " << a << " and " << b;
    }
  }
}

TEST(KeyCompare, SignedIntegersNumericallyWithNullFirst) {
  std::vector<Row> rows;
  for (std::optional<int64_t> v :
       std::vector<std::optional<int64_t>>{std::nullopt, std::numeric_limits<int64_t>::min(), -1000, -2, -1, 0, 1, 9,
                                           10, 255, 256, std::numeric_limits<int64_t>::max()}) {
    rows.push_back(IntRow(v));
  }
  ExpectOrdered(rows, {0});
}

TEST(KeyCompare, NullsAreEqualToEachOther) {
  ExpectOrdered({IntRow(std::nullopt), IntRow(std::nullopt), IntRow(0)}, {0}, {false, true, false});
}

TEST(KeyCompare, UnsignedAbove2To63StaysAboveSmallerValues) {
  std::vector<Row> rows;
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{1} << 62, (uint64_t{1} << 63) - 1, uint64_t{1} << 63,
                     std::numeric_limits<uint64_t>::max()}) {
    Row r;
    r.u = v;
    rows.push_back(r);
  }
  ExpectOrdered(rows, {1});
}

TEST(KeyCompare, FloatsNumericallyMinusZeroEqualsZeroNanLast) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> values = {-inf, -1e300, -1.5, -0.0, 0.0, 1e-300, 2.5, inf, nan, -nan};
  std::vector<Row> rows;
  for (double v : values) {
    Row r;
    r.f = v;
    rows.push_back(r);
  }
  ExpectOrdered(rows, {2}, {false, false, false, false, true, false, false, false, false, true});
}

TEST(KeyCompare, BooleansFalseFirst) {
  Row f, t;
  t.b = true;
  ExpectOrdered({f, t}, {3});
}

TEST(KeyCompare, StringsBytewiseUnsignedPrefixFirst) {
  std::vector<Row> rows;
  for (const char* s : {"", "A", "Z", "a", "ab", "abc", "b", "\x7f", "\xc3\xa9" /* é */, "\xff"}) {
    Row r;
    r.s = s;
    rows.push_back(r);
  }
  rows.insert(rows.begin(), Row{});  // null before the empty string
  ExpectOrdered(rows, {4});
}

TEST(KeyCompare, BytesWithZeroBytesCompareWholly) {
  std::vector<Row> rows(3);
  rows[0].y = std::string("a\0", 2);
  rows[1].y = std::string("a\0\0", 3);
  rows[2].y = std::string("a\x01", 2);
  ExpectOrdered(rows, {5});
}

TEST(KeyCompare, SeveralFieldsLexicographicallyInTheOrderGiven) {
  std::vector<Row> rows(4);
  rows[0].s = "a";
  rows[0].i = 5;
  rows[1].s = "a";
  rows[1].i = 7;
  rows[2].s = "b";
  rows[2].i = -3;
  rows[3].s = "b";
  rows[3].i = 5;
  ExpectOrdered(rows, {4, 0});  // s, then i
  Records r(rows);
  KeyCompare by_i(r.layout(), {0, 4});  // i, then s: -3b < 5a < 5b < 7a
  EXPECT_LT(by_i(r[2], r[0]), 0);
  EXPECT_LT(by_i(r[0], r[3]), 0);
  EXPECT_LT(by_i(r[3], r[1]), 0);
  EXPECT_EQ(by_i(r[3], r[3]), 0);
}

}  // namespace
}  // namespace recpipe
