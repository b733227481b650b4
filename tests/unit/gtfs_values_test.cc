// GTFS times (H:MM:SS past 24:00) and dates (YYYYMMDD) as numbers; anything else refused.
#include "cmd/parse_gtfs/gtfs_values.h"

#include <gtest/gtest.h>

namespace recpipe::parse_gtfs {
namespace {

int32_t Time(std::string_view s) {
  int32_t v = -1;
  EXPECT_TRUE(ParseGtfsTime(s, &v)) << s;
  return v;
}

TEST(ParseGtfsTime, HoursOfOneOrMoreDigits) {
  EXPECT_EQ(Time("00:00:00"), 0);
  EXPECT_EQ(Time("6:05:30"), 6 * 3600 + 5 * 60 + 30);
  EXPECT_EQ(Time("06:05:30"), 6 * 3600 + 5 * 60 + 30);
  EXPECT_EQ(Time("25:10:00"), 90600);  // the service day runs past midnight
  EXPECT_EQ(Time("100:00:00"), 360000);
}

TEST(ParseGtfsTime, RefusesWhatIsNotATime) {
  int32_t v;
  for (std::string_view bad : {"", "6:5:00", "06:60:00", "06:00:60", "06:00", "6h05m00", "-1:00:00", "06:00:00 ",
                               "12345:00:00", "ab:cd:ef", "06:00:0x"}) {
    EXPECT_FALSE(ParseGtfsTime(bad, &v)) << bad;
  }
}

TEST(ParseGtfsDate, DaysSince1970) {
  int32_t d;
  ASSERT_TRUE(ParseGtfsDate("19700101", &d));
  EXPECT_EQ(d, 0);
  ASSERT_TRUE(ParseGtfsDate("20240101", &d));
  EXPECT_EQ(d, 19723);
  ASSERT_TRUE(ParseGtfsDate("20240229", &d));  // a leap day
  EXPECT_EQ(d, 19782);
  ASSERT_TRUE(ParseGtfsDate("19691231", &d));
  EXPECT_EQ(d, -1);
}

TEST(ParseGtfsDate, RefusesImpossibleDays) {
  int32_t d;
  for (std::string_view bad : {"20230229", "21000229", "20241301", "20240001", "20240100", "20240431", "2024-01-01",
                               "2024011", "202401011", ""}) {
    EXPECT_FALSE(ParseGtfsDate(bad, &d)) << bad;
  }
  EXPECT_TRUE(ParseGtfsDate("20000229", &d));  // divisible by 400: a leap year
}

}  // namespace
}  // namespace recpipe::parse_gtfs
