// CsvParser splits RFC 4180 rows (quotes, doubled quotes, CRLF, line feeds inside quotes), reports unclosed and
// misplaced quotes, and CsvCutPoint only ever cuts where a row ends.
#include "lib/csv.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace recpipe {
namespace {

using Row = std::vector<std::string>;

struct Parsed {
  std::vector<Row> rows;
  std::vector<size_t> line_feeds;
  std::vector<size_t> ends;  // *pos after each row
};

// Parses every row of text; fails the test on a bad status.
Parsed ParseAll(std::string_view text, char delimiter = ',') {
  CsvParser p(delimiter);
  Parsed out;
  size_t pos = 0;
  while (pos < text.size()) {
    CsvStatus st = p.ParseRow(text, &pos);
    EXPECT_EQ(st, CsvStatus::kOk) << "at row " << out.rows.size();
    if (st != CsvStatus::kOk) break;
    out.rows.emplace_back(p.fields().begin(), p.fields().end());
    out.line_feeds.push_back(p.line_feeds());
    out.ends.push_back(pos);
  }
  return out;
}

TEST(CsvParser, PlainRows) {
  Parsed p = ParseAll("a,b,c\n1,2,3\n");
  EXPECT_EQ(p.rows, (std::vector<Row>{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(p.line_feeds, (std::vector<size_t>{1, 1}));
  EXPECT_EQ(p.ends, (std::vector<size_t>{6, 12}));
}

TEST(CsvParser, QuotedFieldsHoldDelimitersAndDoubledQuotes) {
  Parsed p = ParseAll("\"a,b\",\"say \"\"hi\"\"\",\"\"\"\",\"\"\n");
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0], (Row{"a,b", "say \"hi\"", "\"", ""}));
}

TEST(CsvParser, DoubledQuotesInSeveralFieldsOfOneRow) {
  // Fields rewritten into the parser's scratch space must all stay valid, however it grows.
  std::string long_field(5000, 'x');
  std::string text = "\"a\"\"b\",\"" + long_field + "\"\"\",plain,\"c\"\"\"\"d\"\n";
  Parsed p = ParseAll(text);
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0], (Row{"a\"b", long_field + "\"", "plain", "c\"\"d"}));
}

TEST(CsvParser, CrlfLineEnds) {
  Parsed p = ParseAll("a,b\r\n\"q\",x\r\n\"last\"\r\n");
  EXPECT_EQ(p.rows, (std::vector<Row>{{"a", "b"}, {"q", "x"}, {"last"}}));
  EXPECT_EQ(p.line_feeds, (std::vector<size_t>{1, 1, 1}));
}

TEST(CsvParser, LineFeedsInsideQuotesAreCounted) {
  Parsed p = ParseAll("\"one\ntwo\nthree\",x\n\"a\r\nb\",\"\n\"\nlast,row\n");
  EXPECT_EQ(p.rows, (std::vector<Row>{{"one\ntwo\nthree", "x"}, {"a\r\nb", "\n"}, {"last", "row"}}));
  EXPECT_EQ(p.line_feeds, (std::vector<size_t>{3, 3, 1}));
}

TEST(CsvParser, EmptyFields) {
  Parsed p = ParseAll(",,\n,\"\",\nx,,\n");
  EXPECT_EQ(p.rows, (std::vector<Row>{{"", "", ""}, {"", "", ""}, {"x", "", ""}}));
}

TEST(CsvParser, EmptyLineIsOneEmptyField) {
  Parsed p = ParseAll("a\n\nb\n");
  EXPECT_EQ(p.rows, (std::vector<Row>{{"a"}, {""}, {"b"}}));
}

TEST(CsvParser, LastRowWithoutLineEnd) {
  Parsed p = ParseAll("a,b\nc,d");
  EXPECT_EQ(p.rows, (std::vector<Row>{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ(p.line_feeds, (std::vector<size_t>{1, 0}));
  EXPECT_EQ(p.ends.back(), 7u);
  p = ParseAll("a,\"b\nc\"");
  EXPECT_EQ(p.rows, (std::vector<Row>{{"a", "b\nc"}}));
  EXPECT_EQ(p.line_feeds, (std::vector<size_t>{1}));
  EXPECT_EQ(ParseAll("x,").rows, (std::vector<Row>{{"x", ""}}));
}

TEST(CsvParser, OtherDelimiters) {
  EXPECT_EQ(ParseAll("a\tb,c\t\"d\te\"\n", '\t').rows, (std::vector<Row>{{"a", "b,c", "d\te"}}));
  EXPECT_EQ(ParseAll("a;b\n", ';').rows, (std::vector<Row>{{"a", "b"}}));
}

TEST(CsvParser, QuoteInsideAnUnquotedFieldIsACharacter) {
  EXPECT_EQ(ParseAll("5\" disk,a\"b\"\n").rows, (std::vector<Row>{{"5\" disk", "a\"b\""}}));
}

TEST(CsvParser, UnclosedQuote) {
  CsvParser p(',');
  std::string text = "a,b\nc,\"open\nmore,text\n";
  size_t pos = 0;
  ASSERT_EQ(p.ParseRow(text, &pos), CsvStatus::kOk);
  EXPECT_EQ(p.ParseRow(text, &pos), CsvStatus::kUnclosedQuote);
  EXPECT_EQ(pos, text.size());
  pos = 0;
  EXPECT_EQ(p.ParseRow("\"", &pos), CsvStatus::kUnclosedQuote);
  pos = 0;
  EXPECT_EQ(p.ParseRow("\"ab\"\"", &pos), CsvStatus::kUnclosedQuote);
}

TEST(CsvParser, BadQuote) {
  CsvParser p(',');
  for (std::string text : {"\"a\"b,c\n", "x,\"a\" ,c\n", "\"a\"\rb\n", "\"a\"\"\"x\n"}) {
    size_t pos = 0;
    EXPECT_EQ(p.ParseRow(text, &pos), CsvStatus::kBadQuote) << text;
  }
  size_t pos = 0;
  EXPECT_EQ(p.ParseRow("x,\"a\"b\n", &pos), CsvStatus::kBadQuote);
  EXPECT_EQ(pos, 5u);  // at the character after the closing quote
}

TEST(CsvParser, FieldsOfAStartOffset) {
  std::string text = "skip,this\nfrom,\"here\"\n";
  CsvParser p(',');
  size_t pos = 10;
  ASSERT_EQ(p.ParseRow(text, &pos), CsvStatus::kOk);
  EXPECT_EQ(Row(p.fields().begin(), p.fields().end()), (Row{"from", "here"}));
  EXPECT_EQ(pos, text.size());
}

TEST(CsvCutPoint, CutsAfterTheLastLineFeedOutsideQuotes) {
  EXPECT_EQ(CsvCutPoint(""), 0u);
  EXPECT_EQ(CsvCutPoint("abc"), 0u);
  EXPECT_EQ(CsvCutPoint("a\nb\nc"), 4u);
  EXPECT_EQ(CsvCutPoint("a\nb\n"), 4u);
  EXPECT_EQ(CsvCutPoint("a\n\"b\nc"), 2u);
  EXPECT_EQ(CsvCutPoint("a\n\"b\nc\"\nd"), 8u);
  EXPECT_EQ(CsvCutPoint("\"x\"\"\ny\"\n"), 8u);
}

// CsvCutPoint as its header defines it, one byte at a time, by the parser's grammar: a quote opens a quoted field
// only at a field start, "" inside one is a quote, and a row ends at an LF outside quoted fields.
size_t ReferenceCut(std::string_view text) {
  enum { kStart, kUnquoted, kQuoted, kAfterQuote } state = kStart;
  size_t cut = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (state == kQuoted) {
      if (c == '"') state = kAfterQuote;
      continue;
    }
    if (c == '"' && state == kStart) {
      state = kQuoted;
    } else if (c == '"' && state == kAfterQuote) {
      state = kQuoted;
    } else if (c == ',') {
      state = kStart;
    } else if (c == '\n') {
      cut = i + 1;
      state = kStart;
    } else {
      state = kUnquoted;
    }
  }
  return cut;
}

TEST(CsvCutPoint, LongTextsMatchTheDefinition) {
  // Long enough for word-at-a-time scanning, with quoted runs crossing 64-byte boundaries.
  std::mt19937 rng(8);
  const char alphabet[] = {'a', 'b', ',', '"', '\n', '\r', '\xff', '\x80'};
  for (int trial = 0; trial < 2000; ++trial) {
    size_t len = rng() % 400;
    int quote_odds = 1 + static_cast<int>(rng() % 40);
    std::string text;
    for (size_t i = 0; i < len; ++i) {
      text += rng() % quote_odds == 0 ? '"' : alphabet[rng() % sizeof alphabet];
    }
    ASSERT_EQ(CsvCutPoint(text), ReferenceCut(text)) << "trial " << trial << ": " << text;
  }
  std::string big = "\"" + std::string(1000, 'x') + "\n" + std::string(100, 'y') + "\"\n" + std::string(70, 'z');
  EXPECT_EQ(CsvCutPoint(big), 1104u);
  EXPECT_EQ(CsvCutPoint(big.substr(0, 1103)), 0u);
}

// Every cut point is a row boundary as the parser sees it, so that blocks cut there parse as the whole text does.
void ExpectCutsAtRowEnds(const std::string& text) {
  Parsed whole = ParseAll(text);
  for (size_t n = 0; n <= text.size(); ++n) {
    size_t cut = CsvCutPoint(std::string_view(text).substr(0, n));
    if (cut == 0) continue;
    bool at_row_end = std::find(whole.ends.begin(), whole.ends.end(), cut) != whole.ends.end();
    EXPECT_TRUE(at_row_end) << "cut at " << cut << " of the first " << n << " bytes of:\n" << text;
    if (!at_row_end) return;
  }
}

TEST(CsvCutPoint, AgreesWithTheParser) {
  ExpectCutsAtRowEnds("a,b\n\"c\nd\",e\n\"\"\"\n\",f\ng,h\n");
  std::mt19937 rng(3);
  const char alphabet[] = {'a', ',', '"', '\n', '\r'};
  for (int trial = 0; trial < 300; ++trial) {
    // Rows of well-formed quoted and plain fields.
    std::string text;
    int rows = 1 + static_cast<int>(rng() % 5);
    for (int r = 0; r < rows; ++r) {
      int fields = 1 + static_cast<int>(rng() % 3);
      for (int f = 0; f < fields; ++f) {
        if (f) text += ',';
        bool quoted = rng() % 2;
        std::string v;
        for (int i = static_cast<int>(rng() % 5); i > 0; --i) v += alphabet[rng() % (quoted ? 5 : 2)];
        if (quoted) {
          text += '"';
          for (char c : v) text += c == '"' ? std::string("\"\"") : std::string(1, c);
          text += '"';
        } else {
          text += v;
        }
      }
      text += '\n';
    }
    ExpectCutsAtRowEnds(text);
    if (HasFailure()) return;
  }
}

// The parser keeps a quote inside an unquoted field as a character ("5\" disk"); the cut point must not take it
// for the start of a quoted field, or a block ends inside the next row's quoted line feed.
TEST(CsvCutPoint, QuoteInsideAnUnquotedField) { ExpectCutsAtRowEnds("size,name\n5\",disk\nx,\"two\nlines\"\ny,z\n"); }

// Lenient quotes read text after a closing quote as more of the field, as Python's csv module does (the values
// below are what csv.reader gives for the same lines).
TEST(CsvParser, LenientQuotesKeepTextAfterTheClosingQuote) {
  const std::string text =
      "singlequoted,\"a\"b\"c\"\r\nbareendquote,xyz.0000\",\"avenue \"failed\" bridge\"\n"
      "morebadquotes,'\"x\"',\"y,\"z,\"q\"\n\"ab\"\"c\" d,\"x\" \n";
  const std::vector<Row> want = {{"singlequoted", "ab\"c\""},
                                 {"bareendquote", "xyz.0000\"", "avenue failed\" bridge\""},
                                 {"morebadquotes", "'\"x\"'", "y,z", "q"},
                                 {"ab\"c d", "x "}};
  CsvParser p(',', CsvQuotes::kLenient);
  size_t pos = 0;
  std::vector<Row> got;
  size_t cut_rows = 0;
  while (pos < text.size()) {
    ASSERT_EQ(p.ParseRow(text, &pos), CsvStatus::kOk);
    got.emplace_back(p.fields().begin(), p.fields().end());
    // The cut point agrees: the text up to here ends with a whole row.
    EXPECT_EQ(CsvCutPoint(std::string_view(text).substr(0, pos)), pos) << "after row " << cut_rows++;
  }
  EXPECT_EQ(got, want);
  CsvParser strict(',');
  pos = 0;
  EXPECT_EQ(strict.ParseRow(text, &pos), CsvStatus::kBadQuote);  // the default stays RFC 4180
}

}  // namespace
}  // namespace recpipe
