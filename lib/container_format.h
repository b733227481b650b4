// The recpipe pack container, version 1: the wire constants. man/recpipe-pack.5 is the full specification; this
// header is its summary for the code. All integers are little-endian.
//
// Container header (16 bytes):
//   magic "\x89RPK\r\n\x1a\n" (8) | major version u16 (1) | minor version u16 (0) | reserved u32 (0)
// Then frames with the record stream's 24-byte frame header and checksum rule (stream_format.h), in this order:
//   SCHEMA frames (as in a stream), each before the first block of its table
//   BLOCK frames: table id and record count in the frame header; payload = block header, then compressed columns
//   one END frame (as in a stream: per table, its records)
//   one INDEX frame: every SCHEMA, BLOCK and END frame above, with where it is and what it holds
//   one TRAILER frame of fixed size, the last kTrailerFrameSize bytes of the file: where the INDEX frame starts
// The writer only appends, so it can write to a pipe; a reader of a regular file reads the trailer, then the index,
// and can then fetch any block on its own. A reader of a pipe takes the frames in order.
//
// Block header (kBlockHeaderSize + 20 bytes per statistic):
//   first record u64 (number of the block's first record within its table, from 0) | raw size u32 (bytes of the
//   column image before compression) | codec u8 | encoding u8 (1: columns) | stat count u16
//   per statistic: field index u16 | flags u16 (bit 0: the block has a non-null value) | min u64 | max u64
//   (min and max as the field's integer type: signed fields as i64, unsigned and bool as u64)
// Index payload: u32 entry count, then per entry:
//   offset u64 (of the frame header) | frame size u32 (header and payload) | type u8 | codec u8 | stat count u16
//   | table id u32 | record count u32 | first record u64 | raw size u32 | statistics as in the block header
// Trailer payload: index offset u64 | file size u64 (both in bytes from the start of the container)
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "lib/stream_format.h"

namespace recpipe {

inline constexpr unsigned char kContainerMagic[8] = {0x89, 'R', 'P', 'K', '\r', '\n', 0x1a, '\n'};
inline constexpr uint16_t kContainerMajorVersion = 1;
inline constexpr uint16_t kContainerMinorVersion = 0;
inline constexpr size_t kContainerHeaderSize = 8 + 2 + 2 + 4;

inline constexpr FrameType kBlockFrame = static_cast<FrameType>(16);
inline constexpr FrameType kIndexFrame = static_cast<FrameType>(17);
inline constexpr FrameType kTrailerFrame = static_cast<FrameType>(18);

inline constexpr size_t kBlockHeaderSize = 8 + 4 + 1 + 1 + 2;
inline constexpr size_t kStatSize = 2 + 2 + 8 + 8;
inline constexpr size_t kIndexEntrySize = 8 + 4 + 1 + 1 + 2 + 4 + 4 + 8 + 4;
inline constexpr size_t kTrailerPayloadSize = 8 + 8;
inline constexpr size_t kTrailerFrameSize = kFrameHeaderSize + kTrailerPayloadSize;

inline constexpr uint8_t kColumnEncoding = 1;

enum class Codec : uint8_t { kNone = 0, kZstd = 1, kXz = 2, kGzip = 3 };

std::string_view CodecName(Codec c);
std::optional<Codec> ParseCodecName(std::string_view name);

// True when the bytes start like a pack container.
bool LooksLikeContainer(std::string_view head);

}  // namespace recpipe
