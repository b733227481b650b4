#include "cmd/parse_events/format_detect.h"

#include "cmd/parse_events/raw_header.h"

namespace recpipe::parse_events {

InputKind DetectKind(std::string_view head) {
  // HDF5's superblock signature sits at offset 0 (or 512, 1024, ... after a user block).
  static constexpr std::string_view kHdf5Signature("\x89HDF\r\n\x1a\n", 8);
  for (size_t at = 0; at + 8 <= head.size(); at = at == 0 ? 512 : at * 2) {
    if (head.substr(at, 8) == kHdf5Signature) return InputKind::kHdf5;
  }
  if (!head.empty() && head[0] == '%') {
    FileHeader h = ParseFileHeader(head);
    if (h.encoding) return InputKind::kRaw;
  }
  if (head.empty()) return InputKind::kUnknown;
  // Text: printable ASCII/UTF-8 lines (at least one line end unless the file is one short line).
  size_t checked = 0;
  for (unsigned char c : head) {
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return InputKind::kUnknown;
    if (c == 0x7F) return InputKind::kUnknown;
    ++checked;
  }
  return checked > 0 ? InputKind::kText : InputKind::kUnknown;
}

}  // namespace recpipe::parse_events
