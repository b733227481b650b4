#include "cmd/scan2db/percent_decode.h"

#include <cstring>

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
  // The decoded bytes are never more than the encoded ones: room for all first, then the runs between escapes are
  // copied whole (memchr finds the next '%': paths have few) and each escape is decoded where it stands.
  const size_t start = out->size();
  out->resize(start + text.size());
  char* to = out->data() + start;
  const char* from = text.data();
  const char* const end = from + text.size();
  bool ok = true;
  while (from < end) {
    const char* pct = static_cast<const char*>(std::memchr(from, '%', static_cast<size_t>(end - from)));
    const char* run_end = pct ? pct : end;
    std::memcpy(to, from, static_cast<size_t>(run_end - from));
    to += run_end - from;
    if (!pct) break;
    const int hi = end - pct > 2 ? HexValue(pct[1]) : -1;
    const int lo = hi >= 0 ? HexValue(pct[2]) : -1;
    if (lo < 0) {
      ok = false;
      break;
    }
    *to++ = static_cast<char>(hi * 16 + lo);
    from = pct + 3;
  }
  out->resize(static_cast<size_t>(to - out->data()));
  return ok;
}

}  // namespace recpipe::scan2db
