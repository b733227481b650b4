#include "cmd/parse_gtfs/latin1.h"

namespace recpipe::parse_gtfs {

void Latin1ToUtf8(std::string_view text, std::string* out) {
  out->resize(text.size() * 2);
  char* p = out->data();
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      *p++ = ch;
    } else {
      *p++ = static_cast<char>(0xC0 | (c >> 6));
      *p++ = static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  out->resize(static_cast<size_t>(p - out->data()));
}

}  // namespace recpipe::parse_gtfs
