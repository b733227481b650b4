// Building and checking the 24-byte frame header of stream_format.h. Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "lib/buffer.h"
#include "lib/stream_format.h"

namespace recpipe {

struct FrameHeader {
  uint32_t length = 0;
  uint8_t type = 0;
  uint8_t flags = 0;
  uint16_t reserved = 0;
  uint32_t table_id = 0;
  uint32_t count = 0;
  uint64_t checksum = 0;
};

FrameHeader DecodeFrameHeader(const char* p);

// The records held by a run of whole frames (headers and payloads back to back), from their headers.
uint64_t RecordsInFrames(std::string_view frames);

// XXH3-64 of the payload seeded with the header's first 16 bytes (stream_format.h).
uint64_t FrameChecksum(const char* header, const char* payload, size_t length);

// Fills the header at `header` for the payload that follows it directly in memory.
void SealFrame(char* header, FrameType type, uint8_t flags, uint32_t table_id, uint32_t count, size_t length);

// Appends a whole frame (header and payload) to out.
void AppendFrame(Buffer* out, FrameType type, uint32_t table_id, uint32_t count, std::string_view payload,
                 uint8_t flags = 0);

// Appends the 16-byte stream header.
void AppendStreamHeader(Buffer* out);

}  // namespace recpipe
