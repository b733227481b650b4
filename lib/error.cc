#include "lib/error.h"

#include <cerrno>
#include <cstring>

namespace recpipe {

void ThrowSystemError(const std::string& what, int errnum) {
  if (errnum == EPIPE) throw BrokenPipe();
  throw DataError(what + ": " + std::strerror(errnum));
}

namespace {

void AppendQuotedByte(unsigned char c, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->append("\\x");
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 15]);
}

// The length of the valid UTF-8 sequence of two to four bytes at text[i] (no overlong forms, no surrogates,
// nothing above U+10FFFF), or 0.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  auto continuation = [&](size_t k) { return k < text.size() && (at(k) & 0xC0) == 0x80; };
  unsigned char c = at(i);
  if (c >= 0xC2 && c <= 0xDF) return continuation(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!continuation(i + 1) || !continuation(i + 2)) return 0;
    if (c == 0xE0 && at(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && at(i + 1) >= 0xA0) return 0;  // a surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!continuation(i + 1) || !continuation(i + 2) || !continuation(i + 3)) return 0;
    if (c == 0xF0 && at(i + 1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && at(i + 1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

std::string PrintableMessage(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      bool quote = c < 0x20 || c == 0x7F || (c == '\\' && i + 1 < text.size() && text[i + 1] == 'x');
      if (quote) {
        AppendQuotedByte(c, &out);
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    size_t n = Utf8SequenceLength(text, i);
    // U+0080..U+009F (C2 80..C2 9F) are control characters too: a terminal may take U+009B for an escape.
    bool c1_control = n == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
    if (n == 0 || c1_control) {
      for (size_t k = 0; k < (n == 0 ? 1 : n); ++k) AppendQuotedByte(static_cast<unsigned char>(text[i + k]), &out);
      i += n == 0 ? 1 : n;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace recpipe
