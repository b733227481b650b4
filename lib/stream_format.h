// The recpipe record stream, version 1: the wire constants. man/recpipe-stream.5 is the full specification;
// this header is its summary for the code. All integers are little-endian.
//
// Stream header (16 bytes):
//   magic "\x89RPS\r\n\x1a\n" (8) | major version u16 (1) | minor version u16 (0) | reserved u32 (0)
// Then frames, each a 24-byte header and a payload:
//   payload length u32 | type u8 | flags u8 | reserved u16 (0) | table id u32 | record count u32 | checksum u64
// The checksum is XXH3-64 of the payload, seeded with (u64 at header offset 0) XOR (u64 at header offset 8), so
// that it covers the length, type, flags, table id and count as well as the payload.
// A stream ends with exactly one END frame and nothing after it, or with an ERROR frame from a failing producer.
#pragma once

#include <cstddef>
#include <cstdint>

namespace recpipe {

inline constexpr unsigned char kStreamMagic[8] = {0x89, 'R', 'P', 'S', '\r', '\n', 0x1a, '\n'};
inline constexpr uint16_t kStreamMajorVersion = 1;
inline constexpr uint16_t kStreamMinorVersion = 0;
inline constexpr size_t kStreamHeaderSize = 8 + 2 + 2 + 4;
inline constexpr size_t kFrameHeaderSize = 4 + 1 + 1 + 2 + 4 + 4 + 8;

// A frame longer than this is taken as damage rather than allocated.
inline constexpr uint32_t kMaxFramePayload = 1u << 30;

// Writers aim for batches of this many payload bytes; one record larger than that gets a batch of its own.
inline constexpr size_t kDefaultBatchBytes = 1u << 20;

enum class FrameType : uint8_t {
  kSchema = 1,  // payload: the table's schema (schema.h); table id in the header
  kBatch = 2,   // payload: records of one table back to back; table id and record count in the header
  kEnd = 3,     // payload: u32 table count, then per table u32 id and u64 records written
  kError = 4,   // payload: u32 length and the producer's UTF-8 message; the stream ends here
};

// Frame flag bit 0: a reader that does not know this frame type skips it instead of failing.
inline constexpr uint8_t kFrameSkippable = 0x01;

}  // namespace recpipe
