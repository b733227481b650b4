// RFC 4180 rows: fields split on a delimiter; a field that starts with a double quote runs to the closing quote
// and may hold delimiters, line feeds and doubled quotes; rows end in LF or CRLF, and the last one may have no line
// end. A quote inside an unquoted field is kept as a character, as most readers do. One parser per thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace recpipe {

// What a closing quote followed by something other than a delimiter or the line end means: an error (RFC 4180),
// or, as Python's csv module and most GTFS readers take it, more text of the same field, read as unquoted text up to
// the delimiter or the line end ("a"b"c" is a"b"c's value ab"c"). CsvCutPoint cuts the same way under both.
enum class CsvQuotes { kStrict, kLenient };

enum class CsvStatus {
  kOk,
  kUnclosedQuote,  // the input ended inside a quoted field
  kBadQuote,       // a closing quote followed by something other than a delimiter or the line end (kStrict)
};

class CsvParser {
 public:
  explicit CsvParser(char delimiter, CsvQuotes quotes = CsvQuotes::kStrict)
      : delimiter_(delimiter), lenient_(quotes == CsvQuotes::kLenient) {}

  // Parses the row that starts at text[*pos] and moves *pos past its line end. On kOk, fields() holds the row
  // (views into text or into the parser, valid until the next call) and line_feeds() the LFs it consumed.
  CsvStatus ParseRow(std::string_view text, size_t* pos);

  const std::vector<std::string_view>& fields() const { return fields_; }
  size_t line_feeds() const { return line_feeds_; }

 private:
  // Appends the unquoted text at *p (up to the delimiter or line end) to the last field, which was quoted.
  void AppendToQuoted(const char*& p, const char* end);

  char delimiter_;
  bool lenient_ = false;
  std::vector<std::string_view> fields_;
  std::string unquoted_;  // fields that held doubled quotes, rewritten
  std::vector<std::pair<size_t, size_t>> unquoted_spans_;
  std::vector<int> from_scratch_;
  size_t line_feeds_ = 0;
};

// The length of the longest prefix of text (which starts at a row start) that ends with a line feed ending a row
// (0 if there is none), by the same rules as CsvParser: the point where a block of CSV text can be cut without
// splitting a row.
size_t CsvCutPoint(std::string_view text, char delimiter = ',');

}  // namespace recpipe
