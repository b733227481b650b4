#include "lib/container_index.h"

#include <cstring>

#include "lib/byte_cursor.h"
#include "lib/error.h"

namespace recpipe {
namespace {

void WriteStats(const std::vector<FieldStat>& stats, ByteWriter& w) {
  for (const FieldStat& s : stats) {
    w.Write<uint16_t>(s.field);
    w.Write<uint16_t>(s.present ? 1 : 0);
    w.Write<uint64_t>(s.min);
    w.Write<uint64_t>(s.max);
  }
}

void ReadStats(ByteReader& r, uint16_t n, std::vector<FieldStat>* stats) {
  stats->resize(n);
  for (FieldStat& s : *stats) {
    s.field = r.Read<uint16_t>();
    s.present = (r.Read<uint16_t>() & 1) != 0;
    s.min = r.Read<uint64_t>();
    s.max = r.Read<uint64_t>();
  }
}

}  // namespace

std::string_view CodecName(Codec c) {
  switch (c) {
    case Codec::kNone: return "none";
    case Codec::kZstd: return "zstd";
    case Codec::kXz: return "xz";
    case Codec::kGzip: return "gzip";
  }
  return "unknown";
}

std::optional<Codec> ParseCodecName(std::string_view name) {
  for (Codec c : {Codec::kNone, Codec::kZstd, Codec::kXz, Codec::kGzip}) {
    if (name == CodecName(c)) return c;
  }
  return std::nullopt;
}

bool LooksLikeContainer(std::string_view head) {
  return head.size() >= sizeof kContainerMagic &&
         std::memcmp(head.data(), kContainerMagic, sizeof kContainerMagic) == 0;
}

void AppendBlockHeader(const BlockHeader& h, std::string* out) {
  ByteWriter w(out);
  w.Write<uint64_t>(h.first_record);
  w.Write<uint32_t>(h.raw_size);
  w.Write<uint8_t>(static_cast<uint8_t>(h.codec));
  w.Write<uint8_t>(h.encoding);
  w.Write<uint16_t>(static_cast<uint16_t>(h.stats.size()));
  WriteStats(h.stats, w);
}

BlockHeader DecodeBlockHeader(std::string_view payload, const char* context) {
  ByteReader r(payload, context);
  BlockHeader h;
  h.first_record = r.Read<uint64_t>();
  h.raw_size = r.Read<uint32_t>();
  uint8_t codec = r.Read<uint8_t>();
  if (codec > static_cast<uint8_t>(Codec::kGzip)) {
    throw DataError(std::string(context) + ": unknown codec " + std::to_string(codec));
  }
  h.codec = static_cast<Codec>(codec);
  h.encoding = r.Read<uint8_t>();
  if (h.encoding != kColumnEncoding) {
    throw DataError(std::string(context) + ": unknown block encoding " + std::to_string(h.encoding));
  }
  ReadStats(r, r.Read<uint16_t>(), &h.stats);
  return h;
}

std::string EncodeIndex(const std::vector<IndexEntry>& entries) {
  std::string out;
  ByteWriter w(&out);
  w.Write<uint32_t>(static_cast<uint32_t>(entries.size()));
  for (const IndexEntry& e : entries) {
    w.Write<uint64_t>(e.offset);
    w.Write<uint32_t>(e.frame_size);
    w.Write<uint8_t>(static_cast<uint8_t>(e.type));
    w.Write<uint8_t>(static_cast<uint8_t>(e.block.codec));
    w.Write<uint16_t>(static_cast<uint16_t>(e.block.stats.size()));
    w.Write<uint32_t>(e.table_id);
    w.Write<uint32_t>(e.count);
    w.Write<uint64_t>(e.block.first_record);
    w.Write<uint32_t>(e.block.raw_size);
    WriteStats(e.block.stats, w);
  }
  return out;
}

std::vector<IndexEntry> DecodeIndex(std::string_view payload, const char* context) {
  ByteReader r(payload, context);
  uint32_t n = r.Read<uint32_t>();
  if (n > payload.size() / kIndexEntrySize) {
    throw DataError(std::string(context) + ": " + std::to_string(n) + " entries cannot fit");
  }
  std::vector<IndexEntry> entries(n);
  for (IndexEntry& e : entries) {
    e.offset = r.Read<uint64_t>();
    e.frame_size = r.Read<uint32_t>();
    e.type = static_cast<FrameType>(r.Read<uint8_t>());
    e.block.codec = static_cast<Codec>(r.Read<uint8_t>());
    uint16_t stats = r.Read<uint16_t>();
    e.table_id = r.Read<uint32_t>();
    e.count = r.Read<uint32_t>();
    e.block.first_record = r.Read<uint64_t>();
    e.block.raw_size = r.Read<uint32_t>();
    ReadStats(r, stats, &e.block.stats);
  }
  if (!r.AtEnd()) throw DataError(std::string(context) + ": bytes after the last entry");
  return entries;
}

std::string EncodeTrailer(const Trailer& t) {
  std::string out;
  ByteWriter w(&out);
  w.Write<uint64_t>(t.index_offset);
  w.Write<uint64_t>(t.file_size);
  return out;
}

Trailer DecodeTrailer(std::string_view payload, const char* context) {
  ByteReader r(payload, context);
  Trailer t;
  t.index_offset = r.Read<uint64_t>();
  t.file_size = r.Read<uint64_t>();
  return t;
}

}  // namespace recpipe
