// scan2db's line parsers (one per dialect), percent-decoding, date-times and dialect detection, on the hard cases
// of real listings: names with " -- ", spaces, tabs, '%', '=' and invalid bytes; numbers that do not fit.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "cmd/scan2db/dialect.h"
#include "cmd/scan2db/line_fields.h"
#include "cmd/scan2db/line_parser.h"
#include "cmd/scan2db/percent_decode.h"
#include "cmd/scan2db/scan_time.h"

namespace recpipe::scan2db {
namespace {

const std::string kKvHead =
    "<3> 73 562396198 0  s=728 a=16 u=1171 g=124 m=FAu p=-rw-rw-r-- ac=2024-12-29 04:17:44 "
    "mt=2024-12-26 17:11:44 cr=2024-09-24 07:07:32 nl=1 -- ";

LineStatus Kv(const std::string& line, ScanEntry* e, const char** error) { return ParseKeyValueLine(line, e, error); }

TEST(KeyValueLine, ReadsEveryField) {
  ScanEntry e;
  const char* error = nullptr;
  std::string line = kKvHead + "/gpfs/fs1/a/b.txt";
  ASSERT_EQ(Kv(line, &e, &error), LineStatus::kEntry) << error;
  EXPECT_EQ(e.inode, 73u);
  EXPECT_EQ(e.gen, 562396198u);  // the second number is the generation, not a fileset id
  EXPECT_EQ(e.size, 728u);
  EXPECT_EQ(e.allocated, 16u * 1024);
  EXPECT_EQ(e.uid, 1171u);
  EXPECT_EQ(e.gid, 124u);
  EXPECT_EQ(e.kind, EntryKind::kFile);
  EXPECT_EQ(e.nlink, 1u);
  EXPECT_EQ(e.path, "/gpfs/fs1/a/b.txt");
  int64_t want = 0;
  ASSERT_TRUE(ParseScanTime("2024-12-29 04:17:44", &want));
  EXPECT_EQ(e.atime_us, want);
}

TEST(KeyValueLine, PathsKeepEveryByte) {
  for (std::string name : {"x -- y", "u=0 s=1 z", " lead", "trail ", "a\tb", "r\xC3\xA9sum\xC3\xA9", "bad\xFF\xFE",
                           "pct%41%%", "pipe|a", "-- ", " -- "}) {
    ScanEntry e;
    const char* error = nullptr;
    std::string path = "/gpfs/d -- e/" + name;
    const std::string line = kKvHead + path;  // the entry's path points into the line: it must outlive the check
    ASSERT_EQ(Kv(line, &e, &error), LineStatus::kEntry) << name << ": " << error;
    EXPECT_EQ(e.path, path);
  }
}

TEST(KeyValueLine, DirectoriesLinksAndOthers) {
  const char* error = nullptr;
  for (auto [mode, kind] : {std::pair{"drwxr-xr-x", EntryKind::kDirectory},
                            {"lrwxrwxrwx", EntryKind::kSymlink},
                            {"prw-r--r--", EntryKind::kOther},
                            {"crw-rw-rw-", EntryKind::kOther}}) {
    std::string line = kKvHead + "/x";
    line.replace(line.find("-rw-rw-r--"), 10, mode);
    ScanEntry e;
    ASSERT_EQ(Kv(line, &e, &error), LineStatus::kEntry);
    EXPECT_EQ(e.kind, kind) << mode;
  }
}

TEST(KeyValueLine, LogLinesAreSkipped) {
  ScanEntry e;
  const char* error = nullptr;
  EXPECT_EQ(Kv("[I] GPFS Current Data Pool Utilization in KB and %", &e, &error), LineStatus::kSkip);
  EXPECT_EQ(Kv("", &e, &error), LineStatus::kSkip);
}

TEST(KeyValueLine, RejectsWhatDoesNotFit) {
  auto bad = [](std::string from, std::string to) {
    std::string line = kKvHead + "/x";
    line.replace(line.find(from), from.size(), to);
    ScanEntry e;
    const char* error = nullptr;
    EXPECT_EQ(ParseKeyValueLine(line, &e, &error), LineStatus::kError) << line;
    return std::string(error ? error : "");
  };
  EXPECT_EQ(bad("s=728", "s=18446744073709551616"), "s= is not a size in bytes");
  EXPECT_EQ(bad("a=16", "a=18014398509481984"), "a= is not a size in KiB");  // x 1024 would wrap
  EXPECT_EQ(bad("u=1171", "u=4294967296"), "u= is not a user id");
  EXPECT_EQ(bad("u=1171", "u=-1"), "u= is not a user id");
  EXPECT_NE(bad("ac=2024-12-29", "ac=2024-02-30"), "");
  EXPECT_NE(bad("nl=1 ", ""), "");
  EXPECT_NE(bad("-- /x", "-- x"), "");      // not absolute
  EXPECT_NE(bad("-- /x", "-- /x/"), "");    // trailing slash
  EXPECT_NE(bad("-- /x", "-- /a//x"), "");  // empty component
  EXPECT_NE(bad("-- /x", "-- /a/../x"), "");
  EXPECT_NE(bad("73 562396198", "73"), "");  // no generation number
  // A time must end at its seconds or its fraction: nothing may run on from them unseen.
  EXPECT_EQ(bad("04:17:44 ", "04:17:44x "), "a time field (ac=, mt=, cr=) is not YYYY-MM-DD HH:MM:SS");
  EXPECT_EQ(bad("04:17:44 ", "04:17:44.5x "), "a time field (ac=, mt=, cr=) is not YYYY-MM-DD HH:MM:SS");
  EXPECT_EQ(bad("s=728", "s=728x"), "s= is not a size in bytes");
  EXPECT_EQ(bad("s=728", "s="), "s= is not a size in bytes");
  EXPECT_EQ(bad("s=728 ", ""), "a SHOW field is missing (s= a= u= g= p= ac= mt= cr= nl= are needed)");
  EXPECT_EQ(bad("s=728", "=728"), "expected KEY=VALUE fields and then '-- PATH'");
  EXPECT_EQ(bad("s=728", "s 728"), "expected KEY=VALUE fields and then '-- PATH'");
  EXPECT_EQ(bad("<3> ", "<3>"), "malformed <thread> prefix");
  EXPECT_EQ(bad("<3> ", "<> "), "malformed <thread> prefix");
  EXPECT_EQ(bad("<3> ", "<3x> "), "malformed <thread> prefix");
}

TEST(KeyValueLine, KeysOfAnyLengthAndOrder) {
  // Keys scan2db does not read are passed over whatever their length; the order of the fields does not matter.
  ScanEntry e;
  const char* error = nullptr;
  std::string line = "73 562396198 0  xyz=1 nl=1 p=-rw-rw-r-- ac=2024-12-29 04:17:44 mt=2024-12-26 17:11:44 "
                     "cr=2024-09-24 07:07:32.25 q= g=124 u=1171 a=16 s=728 m=FAu -- /a";
  ASSERT_EQ(Kv(line, &e, &error), LineStatus::kEntry) << error;
  EXPECT_EQ(e.size, 728u);
  EXPECT_EQ(e.uid, 1171u);
  EXPECT_EQ(e.gid, 124u);
  int64_t want = 0;
  ASSERT_TRUE(ParseScanTime("2024-09-24 07:07:32.25", &want));
  EXPECT_EQ(e.ctime_us, want);
}

TEST(EscapedLine, DecodesShowAndPath) {
  ScanEntry e;
  std::string scratch;
  const char* error = nullptr;
  std::string line =
      "544774 227982598 0  8%7C2026-09-30%2002%3A45%3A50.025156%7C2026-09-30%2002%3A45%3A50.024112%7C2026-09-30%2002"
      "%3A45%3A50.028405%7C1000%7C1001%7C-rw-r--r--%7Cfileset1%7Csystem%7C2 -- "
      "/gpfs/fs1/a%20--%20b/c%25d%FF%0Aline%7Cbar%09tab";
  ASSERT_EQ(ParseEscapedLine(line, &e, &scratch, &error), LineStatus::kEntry) << error;
  EXPECT_EQ(e.path, "/gpfs/fs1/a -- b/c%d\xFF\nline|bar\ttab");
  EXPECT_EQ(e.size, 8u);
  EXPECT_FALSE(e.has_allocated);
  EXPECT_EQ(e.uid, 1000u);
  EXPECT_EQ(e.gid, 1001u);
  EXPECT_EQ(e.nlink, 2u);
  EXPECT_EQ(e.fileset, "fileset1");
  EXPECT_EQ(e.pool, "system");
  int64_t atime = 0;
  ASSERT_TRUE(ParseScanTime("2026-09-30 02:45:50.024112", &atime));
  EXPECT_EQ(e.atime_us, atime);
}

TEST(EscapedLine, RejectsBadEscapesAndShows) {
  ScanEntry e;
  std::string scratch;
  const char* error = nullptr;
  const std::string show =
      "1%7C2026-01-01%2000%3A00%3A00%7C2026-01-01%2000%3A00%3A00%7C2026-01-01%2000%3A00%3A00"
      "%7C1%7C1%7C-rw-r--r--%7Cf%7Cp%7C1";
  EXPECT_EQ(ParseEscapedLine("1 1 0  " + show + " -- /a", &e, &scratch, &error), LineStatus::kEntry);
  EXPECT_EQ(ParseEscapedLine("1 1 0  " + show + " -- /a%G0", &e, &scratch, &error), LineStatus::kError);
  EXPECT_EQ(ParseEscapedLine("1 1 0  " + show + " -- /a%4", &e, &scratch, &error), LineStatus::kError);
  EXPECT_EQ(ParseEscapedLine("1 1 0  " + show + " -- /a b", &e, &scratch, &error), LineStatus::kError);
  EXPECT_EQ(ParseEscapedLine("1 1 0  " + show + "%7Cextra -- /a", &e, &scratch, &error), LineStatus::kError);
  EXPECT_EQ(ParseEscapedLine("1 1 0  4096 1 -- /a", &e, &scratch, &error), LineStatus::kError);
  EXPECT_EQ(ParseEscapedLine("# fields: size|mtime", &e, &scratch, &error), LineStatus::kSkip);
}

TEST(DefaultLine, NamesWithTheSeparator) {
  ScanEntry e;
  const char* error = nullptr;
  ASSERT_EQ(ParseDefaultLine("1 1 0  4096 1 -- /path/with -- dashes", &e, &error), LineStatus::kEntry);
  EXPECT_EQ(e.path, "/path/with -- dashes");
  EXPECT_EQ(e.size, 4096u);
  EXPECT_EQ(e.kind, EntryKind::kUnknown);
  ASSERT_EQ(ParseDefaultLine("2 1 0  1024 2 --  -- ", &e, &error), LineStatus::kError);  // " -- " is not absolute
  ASSERT_EQ(ParseDefaultLine("2 1 0  1024 -- /x", &e, &error), LineStatus::kError);
}

TEST(PercentDecode, EveryByte) {
  for (int b = 0; b < 256; ++b) {
    char text[4];
    std::snprintf(text, sizeof text, "%%%02x", b);
    std::string out;
    ASSERT_TRUE(PercentDecode(text, &out));
    ASSERT_EQ(out, std::string(1, static_cast<char>(b)));
  }
  std::string out;
  EXPECT_FALSE(PercentDecode("%", &out));
  EXPECT_FALSE(PercentDecode("abc%2", &out));
  EXPECT_FALSE(PercentDecode("abc%2g", &out));
  EXPECT_FALSE(PercentDecode("abc%g2", &out));
  // Appended after what *out holds; escapes at the start, the end and back to back; a lone '%' is never kept.
  out = "x";
  ASSERT_TRUE(PercentDecode("%41b%7C%7cc%25", &out));
  EXPECT_EQ(out, "xAb||c%");
  out = "keep";
  ASSERT_TRUE(PercentDecode("", &out));
  EXPECT_EQ(out, "keep");
}

// IsNormalPath by its definition: split at every '/' and look at each component.
bool NormalByDefinition(const std::string& path) {
  if (path.empty() || path[0] != '/') return false;
  if (path == "/") return true;
  size_t start = 1;
  for (;;) {
    const size_t slash = path.find('/', start);
    const std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string::npos) return true;
    start = slash + 1;
  }
}

TEST(LineFields, IsNormalPathAgreesWithItsDefinition) {
  // Every string of up to 8 bytes over '/', '.' and 'a', then long random ones: the check works on windows of 64
  // bytes, so patterns across and at the ends of windows must be seen.
  for (size_t length = 0; length <= 8; ++length) {
    std::string path(length, 'a');
    size_t count = 1;
    for (size_t i = 0; i < length; ++i) count *= 3;
    for (size_t code = 0; code < count; ++code) {
      for (size_t i = 0, c = code; i < length; ++i, c /= 3) path[i] = "/.a"[c % 3];
      ASSERT_EQ(IsNormalPath(path), NormalByDefinition(path)) << path;
    }
  }
  std::mt19937 random(7);
  for (int round = 0; round < 200000; ++round) {
    const size_t length = 1 + random() % 300;
    std::string path = "/";
    while (path.size() < length) {
      const unsigned pick = random() % 16;
      path += pick == 0 ? "/" : pick == 1 ? "." : pick == 2 ? "/." : pick == 3 ? "/.." : pick < 8 ? "/ab" : "cd";
    }
    ASSERT_EQ(IsNormalPath(path), NormalByDefinition(path)) << path;
  }
}

TEST(LineFields, ParseNumberFitsItsType) {
  uint64_t v = 0;
  EXPECT_TRUE(ParseNumber("18446744073709551615", UINT64_MAX, &v));
  EXPECT_EQ(v, UINT64_MAX);
  EXPECT_FALSE(ParseNumber("18446744073709551616", UINT64_MAX, &v));
  EXPECT_FALSE(ParseNumber("99999999999999999999", UINT64_MAX, &v));
  EXPECT_FALSE(ParseNumber("000000000000000000001", UINT64_MAX, &v));  // 21 digits
  EXPECT_TRUE(ParseNumber("4294967295", UINT32_MAX, &v));
  EXPECT_FALSE(ParseNumber("4294967296", UINT32_MAX, &v));
  EXPECT_TRUE(ParseNumber("9999999999999999999", UINT64_MAX, &v));  // 19 digits: the loop without a test
  EXPECT_EQ(v, 9999999999999999999ULL);
  EXPECT_FALSE(ParseNumber("", UINT64_MAX, &v));
  EXPECT_FALSE(ParseNumber("12a", UINT64_MAX, &v));
  EXPECT_FALSE(ParseNumber("-1", UINT64_MAX, &v));
}

TEST(ScanTime, RoundTripsAndRejects) {
  int64_t t = 0;
  ASSERT_TRUE(ParseScanTime("1970-01-01 00:00:00", &t));
  EXPECT_EQ(t, 0);
  ASSERT_TRUE(ParseScanTime("1969-12-31 23:59:59.5", &t));
  EXPECT_EQ(t, -500000);
  EXPECT_EQ(FormatScanTime(t), "1969-12-31 23:59:59.500000");
  ASSERT_TRUE(ParseScanTime("2024-02-29 12:34:56.123456", &t));
  EXPECT_EQ(FormatScanTime(t), "2024-02-29 12:34:56.123456");
  EXPECT_FALSE(ParseScanTime("2023-02-29 00:00:00", &t));
  EXPECT_FALSE(ParseScanTime("2023-01-01 24:00:00", &t));
  EXPECT_FALSE(ParseScanTime("2023-01-01 00:00:00.1234567", &t));
  EXPECT_FALSE(ParseScanTime("2023-01-01T00:00:00", &t));
}

TEST(ScanTime, ReadsEverySecondOfADayAndEveryDayOfALeapCycle) {
  // Every digit in every place: each field is checked on its own (a check of two digits at once once let 49 fail).
  int64_t t = 0;
  const int64_t day2024 = 19723LL * 86400 * 1000000;  // 2024-01-01
  for (int64_t s = 0; s < 86400; ++s) {
    const std::string text = FormatScanTime(day2024 + s * 1000000).substr(0, 19);
    ASSERT_TRUE(ParseScanTime(text, &t)) << text;
    ASSERT_EQ(t, day2024 + s * 1000000) << text;
  }
  for (int64_t d = 0; d < 4 * 366; ++d) {
    const int64_t us = day2024 + d * 86400 * 1000000 + 86399LL * 1000000;
    const std::string text = FormatScanTime(us);
    ASSERT_TRUE(ParseScanTime(text, &t)) << text;
    ASSERT_EQ(t, us) << text;
  }
}

TEST(ScanTime, ReadsEveryDayInAndAroundItsMonthTable) {
  // Years 1900 to 2155 come from a table of months, the others from the calendar arithmetic: every day of both
  // sides of each edge comes back, and days that do not exist are refused on both sides.
  int64_t t = 0;
  for (int64_t day = -25567 - 400; day < 68923 + 400; ++day) {  // 1898-11-27 .. 2156-02-04
    const int64_t us = day * 86400 * 1000000 + 43200LL * 1000000;
    const std::string text = FormatScanTime(us);
    ASSERT_TRUE(ParseScanTime(text, &t)) << text;
    ASSERT_EQ(t, us) << text;
  }
  for (int year = 1890; year < 2170; ++year) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const std::string y = std::to_string(year);
    EXPECT_EQ(ParseScanTime(y + "-02-29 00:00:00", &t), leap) << year;
    EXPECT_FALSE(ParseScanTime(y + "-02-30 00:00:00", &t)) << year;
    EXPECT_FALSE(ParseScanTime(y + "-04-31 00:00:00", &t)) << year;
    EXPECT_TRUE(ParseScanTime(y + "-12-31 00:00:00", &t)) << year;
    EXPECT_FALSE(ParseScanTime(y + "-12-32 00:00:00", &t)) << year;
    EXPECT_FALSE(ParseScanTime(y + "-13-01 00:00:00", &t)) << year;
    EXPECT_FALSE(ParseScanTime(y + "-00-01 00:00:00", &t)) << year;
    EXPECT_FALSE(ParseScanTime(y + "-01-00 00:00:00", &t)) << year;
  }
}

TEST(ScanTime, FormatsEveryYearTheParserReads) {
  // Times spread over years 0 to 9999 (formatted by hand) and beyond (by snprintf) come back from the parser.
  int64_t t = 0;
  for (int64_t us = -62167219200LL * 1000000; us < 253402300800LL * 1000000; us += 123456789012347LL) {
    const std::string text = FormatScanTime(us);
    ASSERT_EQ(text.size(), 26u) << text;
    ASSERT_TRUE(ParseScanTime(text, &t)) << text;
    EXPECT_EQ(t, us) << text;
  }
  EXPECT_EQ(FormatScanTime(-62167219200LL * 1000000), "0000-01-01 00:00:00.000000");
  EXPECT_EQ(FormatScanTime(253402300799LL * 1000000 + 999999), "9999-12-31 23:59:59.999999");
  EXPECT_EQ(FormatScanTime(253402300800LL * 1000000), "10000-01-01 00:00:00.000000");
  EXPECT_EQ(FormatScanTime(-62167219200LL * 1000000 - 1), "-001-12-31 23:59:59.999999");
}

TEST(Dialect, DetectedFromTheFirstLines) {
  EXPECT_EQ(DetectDialect("[I] log\n" + kKvHead + "/x\n"), Dialect::kKeyValue);
  EXPECT_EQ(DetectDialect("1 1 0  4096 1 -- /data/test\n"), Dialect::kDefault);
  EXPECT_EQ(DetectDialect("# header\n1 2 0  1%7C2026-01-01%2000%3A00%3A00%7C2026-01-01%2000%3A00%3A00%7C2026-01-01"
                          "%2000%3A00%3A00%7C1%7C1%7C-rw-r--r--%7Cf%7Cp%7C1 -- /a\n"),
            Dialect::kEscaped);
  EXPECT_EQ(DetectDialect("# only headers\n"), Dialect::kEscaped);
  EXPECT_EQ(DetectDialect("hello\n"), std::nullopt);
  EXPECT_EQ(DetectDialect(""), std::nullopt);
}

}  // namespace
}  // namespace recpipe::scan2db
