#include "lib/frame.h"

#include <cstring>

#include "lib/checksum.h"
#include "lib/endian.h"

namespace recpipe {

FrameHeader DecodeFrameHeader(const char* p) {
  FrameHeader h;
  h.length = Load<uint32_t>(p);
  h.type = Load<uint8_t>(p + 4);
  h.flags = Load<uint8_t>(p + 5);
  h.reserved = Load<uint16_t>(p + 6);
  h.table_id = Load<uint32_t>(p + 8);
  h.count = Load<uint32_t>(p + 12);
  h.checksum = Load<uint64_t>(p + 16);
  return h;
}

uint64_t RecordsInFrames(std::string_view frames) {
  uint64_t records = 0;
  while (!frames.empty()) {
    FrameHeader h = DecodeFrameHeader(frames.data());
    records += h.count;
    frames.remove_prefix(kFrameHeaderSize + h.length);
  }
  return records;
}

uint64_t FrameChecksum(const char* header, const char* payload, size_t length) {
  uint64_t seed = Load<uint64_t>(header) ^ Load<uint64_t>(header + 8);
  return Xxh3_64(payload, length, seed);
}

void SealFrame(char* header, FrameType type, uint8_t flags, uint32_t table_id, uint32_t count, size_t length) {
  Store<uint32_t>(header, static_cast<uint32_t>(length));
  Store<uint8_t>(header + 4, static_cast<uint8_t>(type));
  Store<uint8_t>(header + 5, flags);
  Store<uint16_t>(header + 6, 0);
  Store<uint32_t>(header + 8, table_id);
  Store<uint32_t>(header + 12, count);
  Store<uint64_t>(header + 16, FrameChecksum(header, header + kFrameHeaderSize, length));
}

void AppendFrame(Buffer* out, FrameType type, uint32_t table_id, uint32_t count, std::string_view payload,
                 uint8_t flags) {
  size_t at = out->size();
  out->Extend(kFrameHeaderSize);
  out->Append(payload);
  SealFrame(out->data() + at, type, flags, table_id, count, payload.size());
}

void AppendStreamHeader(Buffer* out) {
  char* p = out->Extend(kStreamHeaderSize);
  std::memcpy(p, kStreamMagic, sizeof kStreamMagic);
  Store<uint16_t>(p + 8, kStreamMajorVersion);
  Store<uint16_t>(p + 10, kStreamMinorVersion);
  Store<uint32_t>(p + 12, 0);
}

}  // namespace recpipe
