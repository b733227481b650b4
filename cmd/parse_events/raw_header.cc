#include "cmd/parse_events/raw_header.h"

#include <cstdlib>
#include <vector>

#include "lib/split_list.h"

namespace recpipe::parse_events {
namespace {

uint32_t ToSize(std::string_view s) {
  std::string text(s);
  char* end = nullptr;
  unsigned long v = std::strtoul(text.c_str(), &end, 10);
  return (end != text.c_str() && v > 0 && v <= 65535) ? static_cast<uint32_t>(v) : 0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// "EVT3;height=720;width=1280;endianness=legacy"
void ParseFormatLine(std::string_view value, FileHeader* h) {
  std::vector<std::string> parts = SplitList(std::string(value), ';');
  if (parts.empty()) return;
  std::string name = std::string(Trim(parts[0]));
  bool legacy = false;
  for (size_t i = 1; i < parts.size(); ++i) {
    std::string_view kv = Trim(parts[i]);
    size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view k = kv.substr(0, eq), v = kv.substr(eq + 1);
    if (k == "height") h->height = ToSize(v);
    if (k == "width") h->width = ToSize(v);
    if (k == "endianness" && v == "legacy") legacy = true;
  }
  if (name == "EVT2") h->encoding = Encoding::kEvt2;
  if (name == "EVT21") h->encoding = legacy ? Encoding::kEvt21Legacy : Encoding::kEvt21;
  if (name == "EVT3") h->encoding = Encoding::kEvt3;
}

}  // namespace

bool SizeFromSystemId(long id, uint32_t* width, uint32_t* height) {
  switch (id) {
    case 0x15:  // CCam5 Gen3.1 (EVT2)
    case 0x22:  // VisionCam Gen3.1
    case 0x28:  // EVK3 Gen3.1 (EVT3)
    case 0x29:  // EVK2 Gen3.1
      *width = 640, *height = 480;
      return true;
    case 0x1F:  // EVK2 Gen4
    case 0x27:  // EVK2 Gen4.1
    case 0x30:  // EVK3 Gen4.1
    case 0x31:  // EVK3 IMX636
    case 0x32:  // EVK2 IMX636
      *width = 1280, *height = 720;
      return true;
    default:
      return false;
  }
}

FileHeader ParseFileHeader(std::string_view head) {
  FileHeader h;
  long system_id = -1;
  bool has_evt_line = false;
  size_t pos = 0;
  while (pos < head.size() && head[pos] == '%') {
    size_t eol = head.find('\n', pos);
    if (eol == std::string_view::npos) break;  // a header line must end; what follows is binary
    std::string_view line = Trim(head.substr(pos + 1, eol - pos - 1));
    pos = eol + 1;
    h.has_lines = true;
    if (line == "end") break;
    size_t space = line.find(' ');
    std::string_view key = line.substr(0, space);
    std::string_view value = space == std::string_view::npos ? std::string_view() : Trim(line.substr(space + 1));
    if (key == "format") {
      ParseFormatLine(value, &h);
      has_evt_line = true;
    } else if (key == "evt") {
      has_evt_line = true;
      if (!h.encoding) {
        if (value == "2.0") h.encoding = Encoding::kEvt2;
        if (value == "2.1") h.encoding = Encoding::kEvt21Legacy;
        if (value == "3.0") h.encoding = Encoding::kEvt3;
      }
    } else if (key == "geometry") {
      size_t x = value.find('x');
      if (x != std::string_view::npos && h.width == 0) {
        h.width = ToSize(value.substr(0, x));
        h.height = ToSize(value.substr(x + 1));
      }
    } else if (key == "system_ID") {
      system_id = std::strtol(std::string(value).c_str(), nullptr, 10);
    } else if (key == "Height" || key == "height") {
      if (h.height == 0) h.height = ToSize(value);
    } else if (key == "Width" || key == "width") {
      if (h.width == 0) h.width = ToSize(value);
    } else if (key == "Version") {
      h.dat_markers = true;
      h.dat_version = static_cast<int>(ToSize(value));
    } else if (key == "Data") {
      h.dat_markers = true;
    }
  }
  h.data_offset = pos;
  if (!has_evt_line && h.dat_markers) {
    h.encoding = Encoding::kDat;
    // DAT writers put the event type and size bytes after the header lines.
    if (pos + 2 <= head.size()) {
      h.dat_event_type = static_cast<uint8_t>(head[pos]);
      h.dat_event_size = static_cast<uint8_t>(head[pos + 1]);
      h.data_offset = pos + 2;
    }
  }
  if (h.width == 0 && system_id >= 0) SizeFromSystemId(system_id, &h.width, &h.height);
  return h;
}

}  // namespace recpipe::parse_events
