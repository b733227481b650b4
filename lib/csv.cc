#include "lib/csv.h"

#include <cstring>

#include "lib/line_scan.h"

namespace recpipe {

CsvStatus CsvParser::ParseRow(std::string_view text, size_t* pos) {
  fields_.clear();
  unquoted_.clear();
  unquoted_spans_.clear();
  from_scratch_.clear();
  line_feeds_ = 0;
  const char* const begin = text.data();
  const char* p = begin + *pos;
  const char* const end = begin + text.size();
  for (;;) {
    if (p < end && *p == '"') {
      // Quoted field: copy runs between doubled quotes into the scratch buffer.
      const char* q = p + 1;
      size_t start = unquoted_.size();
      bool rewritten = false;
      for (;;) {
        const char* close = static_cast<const char*>(std::memchr(q, '"', static_cast<size_t>(end - q)));
        if (!close) {
          *pos = text.size();
          return CsvStatus::kUnclosedQuote;
        }
        for (const char* c = q; c < close; ++c) line_feeds_ += *c == '\n';
        if (close + 1 < end && close[1] == '"') {
          unquoted_.append(q, static_cast<size_t>(close + 1 - q));
          rewritten = true;
          q = close + 2;
          continue;
        }
        if (rewritten) {
          unquoted_.append(q, static_cast<size_t>(close - q));
          unquoted_spans_.emplace_back(start, unquoted_.size() - start);
          from_scratch_.push_back(static_cast<int>(fields_.size()));
          fields_.emplace_back();
        } else {
          fields_.emplace_back(p + 1, static_cast<size_t>(close - p - 1));
        }
        p = close + 1;
        break;
      }
      if (p < end && *p == '\r' && p + 1 < end && p[1] == '\n') ++p;
      if (p == end || *p == '\n') break;
      if (*p != delimiter_) {
        *pos = static_cast<size_t>(p - begin);
        return CsvStatus::kBadQuote;
      }
      ++p;
      continue;
    }
    // Unquoted field: up to the delimiter or the line end.
    const char* f = p;
    while (p < end && *p != delimiter_ && *p != '\n') ++p;
    const char* fend = p;
    if (fend > f && fend[-1] == '\r' && (p == end || *p == '\n')) --fend;
    fields_.emplace_back(f, static_cast<size_t>(fend - f));
    if (p == end || *p == '\n') break;
    ++p;
  }
  if (p < end) {
    ++line_feeds_;
    ++p;
  }
  *pos = static_cast<size_t>(p - begin);
  for (size_t i = 0; i < from_scratch_.size(); ++i) {
    fields_[static_cast<size_t>(from_scratch_[i])] =
        std::string_view(unquoted_).substr(unquoted_spans_[i].first, unquoted_spans_[i].second);
  }
  return CsvStatus::kOk;
}

size_t CsvCutPoint(std::string_view text) {
  // 64 bytes at a time: the quote parity before each byte (PrefixXor64 of the quote mask, carried across words)
  // tells which line feeds are outside quotes; the last of them is the cut.
  const char* p = text.data();
  const size_t n = text.size();
  uint64_t inside_carry = 0;  // all ones when a quoted run continues from the previous word
  size_t cut = 0;
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    uint64_t quotes = ByteMask64(p + i, '"');
    uint64_t inside = PrefixXor64(quotes) ^ inside_carry;
    uint64_t outside_lf = LineFeedMask64(p + i) & ~inside;
    if (outside_lf) cut = i + 64 - static_cast<size_t>(__builtin_clzll(outside_lf));
    inside_carry = static_cast<uint64_t>(static_cast<int64_t>(inside) >> 63);
  }
  bool quoted = inside_carry != 0;
  for (; i < n; ++i) {
    char c = p[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (c == '\n' && !quoted) {
      cut = i + 1;
    }
  }
  return cut;
}

}  // namespace recpipe
