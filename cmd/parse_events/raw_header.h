// The text headers of Prophesee files: lines starting with '%' before the binary data.
//
// RAW files (EVT 2.0/2.1/3.0) come in two styles:
//   % format EVT3;height=720;width=1280     (OpenEB 3 and later; may end with "% end")
//   % evt 3.0 + % system_ID 48              (legacy: the sensor size follows from the camera's system id)
// DAT files: "% Data file containing ... events", "% Version 2", optionally "% Height"/"% Width", then (when there
// was a header) one byte of event type and one of event size.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace recpipe::parse_events {

enum class Encoding { kEvt2, kEvt21, kEvt21Legacy, kEvt3, kDat };

struct FileHeader {
  std::optional<Encoding> encoding;  // what the header says, if anything
  uint32_t width = 0, height = 0;    // 0: not stated
  size_t data_offset = 0;            // where the binary data starts
  bool has_lines = false;            // at least one '%' line
  bool dat_markers = false;          // "Data file containing" or "Version N" lines
  int dat_version = 2;
  uint8_t dat_event_type = 0, dat_event_size = 8;
};

// Parses the '%' lines at the start of `head` (the file's first bytes; 64 KiB is plenty). For DAT-style headers the
// event type and size bytes are consumed too. Never throws: a file without '%' lines gives an empty header.
FileHeader ParseFileHeader(std::string_view head);

// Sensor size for a legacy header's system id (OpenEB's table), if known.
bool SizeFromSystemId(long system_id, uint32_t* width, uint32_t* height);

}  // namespace recpipe::parse_events
