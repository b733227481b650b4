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
        if (!lenient_) {
          *pos = static_cast<size_t>(p - begin);
          return CsvStatus::kBadQuote;
        }
        AppendToQuoted(p, end);
        if (p == end || *p == '\n') break;
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

void CsvParser::AppendToQuoted(const char*& p, const char* end) {
  const char* f = p;
  while (p < end && *p != delimiter_ && *p != '\n') ++p;
  const char* fend = p;
  if (fend > f && fend[-1] == '\r' && (p == end || *p == '\n')) --fend;
  const int last = static_cast<int>(fields_.size()) - 1;
  if (from_scratch_.empty() || from_scratch_.back() != last) {
    // The quoted part is still a view into the text: move it to the scratch buffer, where the rest can follow.
    size_t start = unquoted_.size();
    unquoted_.append(fields_.back());
    unquoted_spans_.emplace_back(start, fields_.back().size());
    from_scratch_.push_back(last);
    fields_.back() = {};
  }
  unquoted_.append(f, static_cast<size_t>(fend - f));
  unquoted_spans_.back().second += static_cast<size_t>(fend - f);
}

size_t CsvCutPoint(std::string_view text, char delimiter) {
  // The parser's states, as far as they matter for where rows end.
  enum State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
  const char* p = text.data();
  const size_t n = text.size();
  State state = kFieldStart;
  size_t cut = 0;
  auto step = [&](size_t i) {
    char c = p[i];
    switch (state) {
      case kQuoted:
        if (c == '"') state = kQuoteInQuoted;
        return;
      case kFieldStart:
        if (c == '"') {
          state = kQuoted;
          return;
        }
        [[fallthrough]];
      case kUnquoted:
      case kQuoteInQuoted:
        if (c == '"' && state == kQuoteInQuoted) {
          state = kQuoted;  // a doubled quote
        } else if (c == delimiter) {
          state = kFieldStart;
        } else if (c == '\n') {
          cut = i + 1;
          state = kFieldStart;
        } else {
          state = kUnquoted;
        }
    }
  };
  // 64 bytes at a time: the quote parity (PrefixXor64 of the quote mask) tells which line feeds are outside
  // quotes. That is exact while every quote that opens a quoted run stands at a field start or right after a
  // closing quote (a doubled quote); a word where one does not is stepped through byte by byte instead.
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    const uint64_t quotes = ByteMask64(p + i, '"');
    const uint64_t lf = LineFeedMask64(p + i);
    const uint64_t delims = ByteMask64(p + i, delimiter);
    const uint64_t carry = state == kQuoted ? ~uint64_t{0} : 0;
    const uint64_t inside = PrefixXor64(quotes) ^ carry;
    const uint64_t opening = quotes & inside;
    const uint64_t start_before = state == kFieldStart || state == kQuoteInQuoted ? 1 : 0;
    const uint64_t may_open = ((delims | lf | quotes) << 1) | start_before;
    if (opening & ~may_open) {
      for (size_t j = i; j < i + 64; ++j) step(j);
      continue;
    }
    const uint64_t outside_lf = lf & ~inside;
    if (outside_lf) cut = i + 64 - static_cast<size_t>(__builtin_clzll(outside_lf));
    const char last = p[i + 63];
    if (inside >> 63) {
      state = kQuoted;
    } else if (quotes >> 63) {
      state = kQuoteInQuoted;
    } else if (last == delimiter || last == '\n') {
      state = kFieldStart;
    } else {
      state = kUnquoted;
    }
  }
  for (; i < n; ++i) step(i);
  return cut;
}

}  // namespace recpipe
