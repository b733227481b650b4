// parse-events' header parsing, format detection and time options.
#include "cmd/parse_events/raw_header.h"

#include <gtest/gtest.h>

#include "cmd/parse_events/format_detect.h"
#include "cmd/parse_events/time_unit.h"
#include "lib/error.h"

namespace recpipe::parse_events {
namespace {

TEST(RawHeader, FormatLineWithEnd) {
  std::string file = "% camera_integrator_name Prophesee\n% format EVT3;height=720;width=1280\n% end\n%binary";
  FileHeader h = ParseFileHeader(file);
  ASSERT_TRUE(h.encoding);
  EXPECT_EQ(*h.encoding, Encoding::kEvt3);
  EXPECT_EQ(h.width, 1280u);
  EXPECT_EQ(h.height, 720u);
  EXPECT_EQ(h.data_offset, file.find("%binary"));  // after "% end" even a '%' byte is data
}

TEST(RawHeader, LegacyHeaderSizeFromSystemId) {
  FileHeader h = ParseFileHeader("% Date 2020-09-14\n% evt 2.0\n% system_ID 21\n\x01\x02\x03\x04");
  ASSERT_TRUE(h.encoding);
  EXPECT_EQ(*h.encoding, Encoding::kEvt2);
  EXPECT_EQ(h.width, 640u);
  EXPECT_EQ(h.height, 480u);
  EXPECT_EQ(h.data_offset, 43u);  // the three lines
  FileHeader unknown = ParseFileHeader("% evt 3.0\n% system_ID 9999\n");
  EXPECT_EQ(unknown.width, 0u);
}

TEST(RawHeader, Evt21HalfOrder) {
  EXPECT_EQ(*ParseFileHeader("% format EVT21;height=720;width=1280;endianness=legacy\n% end\n").encoding,
            Encoding::kEvt21Legacy);
  EXPECT_EQ(*ParseFileHeader("% format EVT21;height=320;width=320\n% end\n").encoding, Encoding::kEvt21);
}

TEST(RawHeader, DatHeaderTakesTypeAndSizeBytes) {
  std::string file = "% Data file containing CD events.\n% Version 2\n% Height 480\n% Width 640\n";
  file += std::string("\x00\x08", 2) + "12345678";
  FileHeader h = ParseFileHeader(file);
  ASSERT_TRUE(h.encoding);
  EXPECT_EQ(*h.encoding, Encoding::kDat);
  EXPECT_EQ(h.dat_version, 2);
  EXPECT_EQ(h.dat_event_size, 8);
  EXPECT_EQ(h.width, 640u);
  EXPECT_EQ(h.data_offset, file.size() - 8);
}

TEST(FormatDetect, Kinds) {
  EXPECT_EQ(DetectKind(std::string("\x89HDF\r\n\x1a\n", 8) + "rest"), InputKind::kHdf5);
  EXPECT_EQ(DetectKind("% evt 3.0\n\x12\x80"), InputKind::kRaw);
  EXPECT_EQ(DetectKind("t,x,y,p\n1,2,3,1\n"), InputKind::kText);
  EXPECT_EQ(DetectKind(std::string("\x00\x01\x02", 3)), InputKind::kUnknown);
  EXPECT_EQ(DetectKind(""), InputKind::kUnknown);
  EXPECT_EQ(DetectKind("% just a comment\n\x01\x02"), InputKind::kUnknown);
}

TEST(TimeUnit, NumbersAndUnits) {
  EXPECT_EQ(ParseTime("1500", "--time"), 1500);
  EXPECT_EQ(ParseTime("1.5s", "--time"), 1500000);
  EXPECT_EQ(ParseTime("200ms", "--time"), 200000);
  EXPECT_EQ(ParseTime("2min", "--time"), 120000000);
  EXPECT_EQ(ParseTime("1h", "--time"), 3600000000);
  EXPECT_EQ(ParseTime("7us", "--time"), 7);
  EXPECT_THROW(ParseTime("1.5 s", "--time"), UsageError);
  EXPECT_THROW(ParseTime("s", "--time"), UsageError);
  EXPECT_THROW(ParseTime("3days", "--time"), UsageError);
  // Exact from the digits: no binary floating point on the way (2^53 + 1 and the ends of i64 stay what they are).
  EXPECT_EQ(ParseTime("9007199254740993", "--time"), 9007199254740993);
  EXPECT_EQ(ParseTime("9223372036854775807", "--time"), INT64_MAX);
  EXPECT_EQ(ParseTime("-9223372036854775808", "--time"), INT64_MIN);
  EXPECT_THROW(ParseTime("9223372036854775808", "--time"), UsageError);
  EXPECT_THROW(ParseTime("9223372036854.775808s", "--time"), UsageError);
  EXPECT_EQ(ParseTime("9223372036854.775807s", "--time"), INT64_MAX);
  EXPECT_EQ(ParseTime("0.000001s", "--time"), 1);
  EXPECT_EQ(ParseTime("0.0000015s", "--time"), 2);  // halves away from zero
  EXPECT_EQ(ParseTime("-0.0000015s", "--time"), -2);
  EXPECT_EQ(ParseTime("0.0000014999999999999999999999s", "--time"), 1);
  EXPECT_EQ(ParseTime("0.000000000000000000000000000000000001h", "--time"), 0);
  EXPECT_EQ(ParseTime("1.0000005ms", "--time"), 1000);
  EXPECT_EQ(ParseTime(".5s", "--time"), 500000);
  EXPECT_EQ(ParseTime("1.25min", "--time"), 75000000);
  EXPECT_EQ(ParseTime("-0", "--time"), 0);
  EXPECT_THROW(ParseTime("1.2.3s", "--time"), UsageError);
  EXPECT_THROW(ParseTime(".", "--time"), UsageError);
  EXPECT_THROW(ParseTime("-", "--time"), UsageError);
  EXPECT_THROW(ParseTime("1e3", "--time"), UsageError);
  auto w = ParseTimeWindow("1s:", "--time");
  EXPECT_EQ(w.first, 1000000);
  EXPECT_FALSE(w.second);
  EXPECT_THROW(ParseTimeWindow("2s:1s", "--time"), UsageError);
  EXPECT_THROW(ParseTimeWindow("1s", "--time"), UsageError);
}

}  // namespace
}  // namespace recpipe::parse_events
