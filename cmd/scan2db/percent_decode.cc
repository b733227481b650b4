#include "cmd/scan2db/percent_decode.h"

namespace recpipe::scan2db {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

bool PercentDecode(std::string_view text, std::string* out) {
  size_t i = 0;
  while (i < text.size()) {
    size_t pct = text.find('%', i);
    if (pct == std::string_view::npos) {
      out->append(text.substr(i));
      return true;
    }
    out->append(text.substr(i, pct - i));
    if (pct + 2 >= text.size()) return false;
    int hi = HexValue(text[pct + 1]);
    int lo = HexValue(text[pct + 2]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
    i = pct + 3;
  }
  return true;
}

}  // namespace recpipe::scan2db
