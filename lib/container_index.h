// The small structures of a pack container (container_format.h): the block header at the start of each BLOCK
// frame's payload, the INDEX frame's entries and the TRAILER. Pure functions: thread-safe. Decoders throw
// DataError with the caller's context when the bytes do not fit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lib/column_image.h"
#include "lib/container_format.h"

namespace recpipe {

struct BlockHeader {
  uint64_t first_record = 0;
  uint32_t raw_size = 0;
  Codec codec = Codec::kNone;
  uint8_t encoding = kColumnEncoding;
  std::vector<FieldStat> stats;
  size_t size() const { return kBlockHeaderSize + kStatSize * stats.size(); }
};

void AppendBlockHeader(const BlockHeader& h, std::string* out);
BlockHeader DecodeBlockHeader(std::string_view payload, const char* context);

// One frame of the container as the index lists it. For BLOCK frames the block header's fields are repeated here,
// so that a reader can choose blocks without reading them.
struct IndexEntry {
  uint64_t offset = 0;      // of the frame header
  uint32_t frame_size = 0;  // header and payload
  FrameType type = FrameType::kSchema;
  uint32_t table_id = 0;
  uint32_t count = 0;
  BlockHeader block;  // BLOCK frames only
};

std::string EncodeIndex(const std::vector<IndexEntry>& entries);
std::vector<IndexEntry> DecodeIndex(std::string_view payload, const char* context);

struct Trailer {
  uint64_t index_offset = 0;
  uint64_t file_size = 0;
};
std::string EncodeTrailer(const Trailer& t);
Trailer DecodeTrailer(std::string_view payload, const char* context);

}  // namespace recpipe
