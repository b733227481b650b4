// Latin-1 to UTF-8: ASCII unchanged, every byte from 0x80 two UTF-8 bytes.
#include <gtest/gtest.h>

#include "cmd/parse_gtfs/latin1.h"

namespace recpipe::parse_gtfs {
namespace {

TEST(Latin1ToUtf8, ConvertsEveryByte) {
  std::string out;
  Latin1ToUtf8("Ols\xf8ya,\"Bod\xf8\"\r\n", &out);
  EXPECT_EQ(out, "Ols\xc3\xb8ya,\"Bod\xc3\xb8\"\r\n");
  Latin1ToUtf8(std::string_view("\x80\xff\x00", 3), &out);
  EXPECT_EQ(out, std::string("\xc2\x80\xc3\xbf\x00", 5));
  Latin1ToUtf8("", &out);
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace recpipe::parse_gtfs
