// parse-events' exact conversion of HDF5 numbers: every value that fits converts, every one that does not is
// reported at its index, whatever the stored type.
#include "cmd/parse_events/hdf5_values.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace recpipe::parse_events {
namespace {

template <typename T>
NumberColumn Column(const std::vector<T>& v) {
  NumberKind kind = std::is_floating_point_v<T> ? NumberKind::kFloat
                    : std::is_signed_v<T>       ? NumberKind::kSigned
                                                : NumberKind::kUnsigned;
  return {reinterpret_cast<const char*>(v.data()), sizeof(T), {kind, sizeof(T)}};
}

TEST(Hdf5Values, U16TakesWholeNumbersInRangeOnly) {
  std::vector<uint16_t> out(4);
  std::string why;
  EXPECT_EQ(ToU16(Column(std::vector<uint32_t>{1, 65535, 70000, 2}), 4, out.data(), &why), 2u);
  EXPECT_EQ(why, "70000 does not fit in u16 (whole numbers 0..65535)");
  EXPECT_EQ(out[1], 65535);
  EXPECT_EQ(ToU16(Column(std::vector<int16_t>{5, -3}), 2, out.data(), &why), 1u);
  EXPECT_EQ(why.substr(0, 3), "-3 ");
  EXPECT_EQ(ToU16(Column(std::vector<double>{3.0, 1.5}), 2, out.data(), &why), 1u);
  EXPECT_EQ(out[0], 3);
  EXPECT_EQ(ToU16(Column(std::vector<float>{NAN}), 1, out.data(), &why), 0u);
  EXPECT_EQ(ToU16(Column(std::vector<int64_t>{-1}), 1, out.data(), &why), 0u);
  EXPECT_EQ(ToU16(Column(std::vector<uint64_t>{65536}), 1, out.data(), &why), 0u);
  EXPECT_EQ(ToU16(Column(std::vector<int8_t>{0, 127}), 2, out.data(), &why), 2u);
}

TEST(Hdf5Values, MicrosecondsAreWholeNumbersOfI64) {
  std::vector<int64_t> out(3);
  std::string why;
  EXPECT_EQ(ToMicros(Column(std::vector<float>{2.0f, 0.5f}), 2, out.data(), &why), 1u);
  EXPECT_EQ(why, "0.5 is not a time in microseconds (whole numbers within i64)");
  EXPECT_EQ(ToMicros(Column(std::vector<double>{-9223372036854775808.0, 9223372036854775808.0}), 2, out.data(), &why),
            1u);
  EXPECT_EQ(out[0], std::numeric_limits<int64_t>::min());
  EXPECT_EQ(ToMicros(Column(std::vector<uint64_t>{9223372036854775807u, 9223372036854775808u}), 2, out.data(), &why),
            1u);
  EXPECT_EQ(why.substr(0, 20), "9223372036854775808 ");
  EXPECT_EQ(ToMicros(Column(std::vector<double>{INFINITY}), 1, out.data(), &why), 0u);
  EXPECT_EQ(ToMicros(Column(std::vector<uint32_t>{4000000000u}), 1, out.data(), &why), 1u);
  EXPECT_EQ(out[0], 4000000000);
}

TEST(Hdf5Values, SecondsRoundToTheNearestMicrosecondFromTheExactValue) {
  int64_t us = 0;
  EXPECT_TRUE(SecondsToMicros(1.5, &us));
  EXPECT_EQ(us, 1500000);
  EXPECT_TRUE(SecondsToMicros(0.000001, &us));
  EXPECT_EQ(us, 1);
  EXPECT_TRUE(SecondsToMicros(-0.000001, &us));
  EXPECT_EQ(us, -1);
  EXPECT_TRUE(SecondsToMicros(0.0, &us));
  EXPECT_EQ(us, 0);
  EXPECT_TRUE(SecondsToMicros(5e-324, &us));
  EXPECT_EQ(us, 0);
  EXPECT_TRUE(SecondsToMicros(std::ldexp(1.0, -20), &us));  // 0.95367431640625 us
  EXPECT_EQ(us, 1);
  // The double nearest 0.0395955 is just below 39595.5 us, though its product with 10^6 rounds to 39595.5 exactly
  // (and llround of that gives 39596).
  EXPECT_TRUE(SecondsToMicros(0.0395955, &us));
  EXPECT_EQ(us, 39595);
  EXPECT_TRUE(SecondsToMicros(9223372036854.0, &us));
  EXPECT_EQ(us, 9223372036854000000);
  EXPECT_FALSE(SecondsToMicros(1e13, &us));
  EXPECT_FALSE(SecondsToMicros(1e300, &us));
  EXPECT_FALSE(SecondsToMicros(-1e300, &us));
  EXPECT_FALSE(SecondsToMicros(NAN, &us));
  EXPECT_FALSE(SecondsToMicros(-INFINITY, &us));
  std::vector<int64_t> out(2);
  std::string why;
  EXPECT_EQ(SecondsToMicros(Column(std::vector<int32_t>{2, 9999999}), 2, out.data(), &why), 2u);
  EXPECT_EQ(out[1], 9999999000000);
  EXPECT_EQ(SecondsToMicros(Column(std::vector<int64_t>{9223372036855}), 1, out.data(), &why), 0u);
  EXPECT_EQ(SecondsToMicros(Column(std::vector<double>{1.0, NAN}), 2, out.data(), &why), 1u);
  EXPECT_EQ(why, "nan is not a time in seconds within the i64 range of microseconds");
}

TEST(Hdf5Values, PolarityIsAboveZeroAndNaNFails) {
  std::vector<uint8_t> out(4);
  std::string why;
  EXPECT_EQ(ToPolarity(Column(std::vector<int16_t>{-1, 0, 1, 300}), 4, out.data(), &why), 4u);
  EXPECT_EQ(out, (std::vector<uint8_t>{0, 0, 1, 1}));
  EXPECT_EQ(ToPolarity(Column(std::vector<double>{0.5, NAN}), 2, out.data(), &why), 1u);
  EXPECT_EQ(out[0], 1);
}

TEST(Hdf5Values, StridedMembers) {
  struct Rec {
    double a;
    uint32_t b;
    uint32_t pad;
  };
  std::vector<Rec> recs{{1.0, 7, 0}, {2.0, 300, 0}};
  NumberColumn b{reinterpret_cast<const char*>(&recs[0].b), sizeof(Rec), {NumberKind::kUnsigned, 4}};
  std::vector<uint8_t> out(2);
  std::string why;
  EXPECT_EQ(ToU8(b, 2, out.data(), &why), 1u);
  EXPECT_EQ(out[0], 7);
  EXPECT_EQ(why, "300 does not fit in u8 (whole numbers 0..255)");
}

}  // namespace
}  // namespace recpipe::parse_events
