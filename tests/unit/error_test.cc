// PrintableMessage: every message a command prints is one printable line, whatever bytes the data put into it,
// and the quoting can be undone (recpipe(7), DIAGNOSTICS).
#include "lib/error.h"

#include <gtest/gtest.h>

#include <string>

namespace recpipe {
namespace {

using namespace std::string_literals;

// Undoes PrintableMessage: every "\x" starts a quoted byte; any other backslash is itself.
std::string Unquote(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "\\x") == 0 && i + 3 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 2, 2), nullptr, 16)));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

TEST(PrintableMessage, PlainTextIsUnchanged) {
  EXPECT_EQ(PrintableMessage("pack: error: out.rpk: No space left on device"),
            "pack: error: out.rpk: No space left on device");
  EXPECT_EQ(PrintableMessage(""), "");
}

TEST(PrintableMessage, ControlCharactersAreQuoted) {
  EXPECT_EQ(PrintableMessage("a\x1b[31mred\x1b[0m"), "a\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(PrintableMessage("line one\nline two\r"), "line one\\x0aline two\\x0d");
  EXPECT_EQ(PrintableMessage("tab\there"), "tab\\x09here");
  EXPECT_EQ(PrintableMessage("nul\0byte"s), "nul\\x00byte");
  EXPECT_EQ(PrintableMessage("del\x7f"), "del\\x7f");
}

TEST(PrintableMessage, ValidUtf8IsKept) {
  EXPECT_EQ(PrintableMessage("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  EXPECT_EQ(PrintableMessage("\xc2\xa0nbsp"), "\xc2\xa0nbsp");  // U+00A0 is not a control character
}

TEST(PrintableMessage, C1ControlsAndInvalidUtf8AreQuotedBytewise) {
  EXPECT_EQ(PrintableMessage("csi\xc2\x9b"
                             "31m"),
            "csi\\xc2\\x9b31m");  // U+009B, a terminal's CSI
  EXPECT_EQ(PrintableMessage("latin1 caf\xe9!"), "latin1 caf\\xe9!");
  EXPECT_EQ(PrintableMessage("cut \xe2\x82"), "cut \\xe2\\x82");
  EXPECT_EQ(PrintableMessage("overlong \xc0\xaf \xe0\x80\xaf"), "overlong \\xc0\\xaf \\xe0\\x80\\xaf");
  EXPECT_EQ(PrintableMessage("surrogate \xed\xa0\x80"), "surrogate \\xed\\xa0\\x80");
  EXPECT_EQ(PrintableMessage("too big \xf4\x90\x80\x80"), "too big \\xf4\\x90\\x80\\x80");
  EXPECT_EQ(PrintableMessage("stray \x80"), "stray \\x80");
}

TEST(PrintableMessage, BackslashIsQuotedOnlyBeforeAnX) {
  EXPECT_EQ(PrintableMessage("C:\\dir\\file \\t"), "C:\\dir\\file \\t");
  EXPECT_EQ(PrintableMessage("literal \\x1b"), "literal \\x5cx1b");
  EXPECT_EQ(PrintableMessage("ends in \\"), "ends in \\");
}

TEST(PrintableMessage, TheQuotingCanBeUndone) {
  std::string all;
  for (int c = 0; c < 256; ++c) {
    all.push_back(static_cast<char>(c));
    all += "\\x";
  }
  all += "caf\xc3\xa9\xc2\x85";
  std::string shown = PrintableMessage(all);
  for (char c : shown) {
    auto u = static_cast<unsigned char>(c);
    EXPECT_FALSE(u < 0x20 || u == 0x7f) << "a control byte " << int(u) << " got through";
  }
  EXPECT_EQ(Unquote(shown), all);
}

}  // namespace
}  // namespace recpipe
