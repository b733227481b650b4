// The shared option parsers: sizes within the option's limits (never wrapped past 64 bits, the limits named in
// the message), counts, field lists; the output form chosen from --to and the output's name.
#include "lib/command_line.h"

#include <gtest/gtest.h>

#include <string>

#include "lib/error.h"

namespace recpipe {
namespace {

std::string SizeMessage(const std::string& text, uint64_t min, uint64_t max) {
  try {
    ParseSize(text, "--size", min, max);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(ParseSize, UnitsArePowersOf1024) {
  EXPECT_EQ(ParseSize("0", "--size"), 0u);
  EXPECT_EQ(ParseSize("1000", "--size"), 1000u);
  EXPECT_EQ(ParseSize("64k", "--size"), 64u << 10);
  EXPECT_EQ(ParseSize("1M", "--size"), 1u << 20);
  EXPECT_EQ(ParseSize("1MiB", "--size"), 1u << 20);
  EXPECT_EQ(ParseSize("2g", "--size"), 2ull << 30);
  EXPECT_EQ(ParseSize("3TB", "--size"), 3ull << 40);
  EXPECT_EQ(ParseSize("16777215T", "--size"), 16777215ull << 40);
}

TEST(ParseSize, TooLargeForSixtyFourBitsIsRefusedNotWrapped) {
  EXPECT_THROW(ParseSize("16777216T", "--size"), UsageError);  // 2^64
  EXPECT_THROW(ParseSize("16777217T", "--size"), UsageError);  // would wrap to 1T
  EXPECT_THROW(ParseSize("99999999999999999999", "--size"), UsageError);
}

TEST(ParseSize, TheMessageNamesTheOptionsLimits) {
  EXPECT_EQ(SizeMessage("2G", 1, 256u << 20), "--size takes a size from 1 to 256M (such as 64k or 1M), not '2G'");
  EXPECT_EQ(SizeMessage("12q", 1, 1u << 30), "--size takes a size from 1 to 1G (such as 64k, 1M or 1G), not '12q'");
  EXPECT_EQ(SizeMessage("1M", 48u << 20, UINT64_MAX), "--size takes a size of at least 48M (such as 1G), not '1M'");
  EXPECT_EQ(SizeMessage("-1", 0, UINT64_MAX), "--size takes a size (such as 64k, 1M or 1G), not '-1'");
  EXPECT_EQ(SizeMessage("256M", 1, 256u << 20), "accepted");
  EXPECT_EQ(SizeMessage("0", 1, 256u << 20).substr(0, 30), "--size takes a size from 1 to ");
  EXPECT_EQ(SizeMessage("1.5M", 1, 256u << 20).substr(0, 30), "--size takes a size from 1 to ");
}

TEST(SizeText, LargestUnitThatDivides) {
  EXPECT_EQ(SizeText(0), "0");
  EXPECT_EQ(SizeText(1000), "1000");
  EXPECT_EQ(SizeText(512u << 10), "512k");
  EXPECT_EQ(SizeText(256u << 20), "256M");
  EXPECT_EQ(SizeText(1u << 30), "1G");
  EXPECT_EQ(SizeText(3ull << 40), "3T");
  EXPECT_EQ(SizeText((1u << 20) + 1024), "1025k");
}

TEST(ParseCount, DigitsWithinTheRange) {
  EXPECT_EQ(ParseCount("7", "-j", 1, 1024), 7u);
  EXPECT_THROW(ParseCount("0", "-j", 1, 1024), UsageError);
  EXPECT_THROW(ParseCount("-1", "--max-errors", 0, UINT64_MAX), UsageError);
  EXPECT_THROW(ParseCount("18446744073709551616", "--max-errors", 0, UINT64_MAX), UsageError);
}

TEST(ResolveOutputForm, RpkByNameBinaryNeverToATerminal) {
  EXPECT_EQ(ResolveOutputForm(std::nullopt, "out.rpk", false), OutputForm::kPack);
  EXPECT_EQ(ResolveOutputForm(std::nullopt, "out.rec", false), OutputForm::kRec);
  EXPECT_EQ(ResolveOutputForm(std::nullopt, "-", true), OutputForm::kTsv);
  EXPECT_THROW(ResolveOutputForm(OutputForm::kPack, "-", true), UsageError);
}

}  // namespace
}  // namespace recpipe
