// The two tables parse-events writes and the fixed layout of their records, which the decoders' hot loops write
// directly (BatchBuilder's Reserve/Commit path) instead of going field by field.
//
//   events:   t i64 (us) | x u16 | y u16 | p i8          13 bytes, no null bitmap
//   triggers: t i64 (us) | id u8 | value u8              10 bytes
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "lib/endian.h"
#include "lib/schema.h"

namespace recpipe::parse_events {

inline constexpr size_t kEventBytes = 13;
inline constexpr size_t kTriggerBytes = 10;

// Writes one event record at p and returns the end of it.
inline char* PutEvent(char* p, int64_t t, uint32_t x, uint32_t y, int8_t polarity) {
  Store<int64_t>(p, t);
  Store<uint32_t>(p + 8, x | (y << 16));
  p[12] = static_cast<char>(polarity);
  return p + kEventBytes;
}

inline char* PutTrigger(char* p, int64_t t, uint8_t id, uint8_t value) {
  Store<int64_t>(p, t);
  p[8] = static_cast<char>(id);
  p[9] = static_cast<char>(value);
  return p + kTriggerBytes;
}

// What every table carries as metadata: width, height (when known), source format and file name.
struct SourceInfo {
  std::string format;  // "evt2", "evt3", "dat", "hdf5-dsec", ...
  std::string file;
  uint32_t width = 0, height = 0;  // 0: unknown
};

Schema EventsSchema(const SourceInfo& info);
Schema TriggersSchema(const SourceInfo& info);

}  // namespace recpipe::parse_events
