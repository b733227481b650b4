// parse-events' text times: integer microseconds, or seconds converted from their decimal digits.
#include "cmd/parse_events/text_time.h"

#include <gtest/gtest.h>

#include <limits>

namespace recpipe::parse_events {
namespace {

int64_t Us(std::string_view text) {
  int64_t us = 12345;
  EXPECT_EQ(ParseTextTime(text, &us), TextTime::kOk) << text;
  return us;
}

TextTime Fails(std::string_view text) {
  int64_t us = 12345;
  TextTime r = ParseTextTime(text, &us);
  EXPECT_EQ(us, 12345) << text << ": left alone on an error";
  return r;
}

TEST(TextTime, IntegersAreMicroseconds) {
  EXPECT_EQ(Us("0"), 0);
  EXPECT_EQ(Us("1500000"), 1500000);
  EXPECT_EQ(Us("-3"), -3);
  EXPECT_EQ(Us("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(Us("-9223372036854775808"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(Fails("9223372036854775808"), TextTime::kOutOfRange);
}

TEST(TextTime, DecimalsAreExactSeconds) {
  EXPECT_EQ(Us("0.000001"), 1);
  EXPECT_EQ(Us("1.5"), 1500000);
  EXPECT_EQ(Us(".5"), 500000);
  EXPECT_EQ(Us("5."), 5000000);
  EXPECT_EQ(Us("-1.25"), -1250000);
  EXPECT_EQ(Us("0.003811000"), 3811);  // nanosecond digits that are zero
  // 2^53 + 1 microseconds: a double cannot hold it, the decimal can.
  EXPECT_EQ(Us("9007199254.740993"), 9007199254740993);
  EXPECT_EQ(Us("9223372036854.775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(Us("-9223372036854.775808"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(Fails("9223372036854.775808"), TextTime::kOutOfRange);
}

TEST(TextTime, ExponentsAreSeconds) {
  EXPECT_EQ(Us("1e3"), 1000000000);
  EXPECT_EQ(Us("1E3"), 1000000000);
  EXPECT_EQ(Us("15e-1"), 1500000);
  EXPECT_EQ(Us("1.5e+0"), 1500000);
  EXPECT_EQ(Us("1e-6"), 1);
  EXPECT_EQ(Us("0e999999999999"), 0);
  EXPECT_EQ(Fails("1e13"), TextTime::kOutOfRange);  // 10^19 us
  EXPECT_EQ(Fails("1e300"), TextTime::kOutOfRange);
  EXPECT_EQ(Fails("-1e300"), TextTime::kOutOfRange);
  EXPECT_EQ(Fails("1e99999999999999999999"), TextTime::kOutOfRange);
}

TEST(TextTime, FinerThanAMicrosecondRoundsHalfAwayFromZero) {
  EXPECT_EQ(Us("0.0000015"), 2);
  EXPECT_EQ(Us("-0.0000015"), -2);
  EXPECT_EQ(Us("0.00000149999"), 1);
  EXPECT_EQ(Us("0.0079195"), 7920);  // through a double: 7919.4999..., rounded to 7919
  EXPECT_EQ(Us("0.0000004"), 0);
  EXPECT_EQ(Us("1e-300"), 0);
  EXPECT_EQ(Us("15e-7"), 2);
}

TEST(TextTime, NotNumbers) {
  for (const char* bad : {"", "-", ".", "e3", "1e", "1e+", "1.2.3", "+5", "inf", "nan", "0x10", "1 2", "1s", "--1"}) {
    EXPECT_EQ(Fails(bad), TextTime::kNotANumber) << bad;
  }
}

}  // namespace
}  // namespace recpipe::parse_events
