#include "cmd/bam2cols/bam_chunks.h"

#include <algorithm>
#include <cstdint>

#include "cmd/bam2cols/bam_record.h"
#include "lib/endian.h"
#include "lib/error.h"

namespace recpipe::bam2cols {
namespace {

constexpr size_t kMaxBlockBytes = 65536;  // a BGZF block's uncompressed data at most

}  // namespace

int64_t BamChunk::BlockOffsetOf(size_t at) const {
  auto after = std::upper_bound(blocks.begin(), blocks.end(), at,
                                [](size_t a, const std::pair<size_t, int64_t>& b) { return a < b.first; });
  return after == blocks.begin() ? 0 : (after - 1)->second >> 16;
}

bool BamChunker::Next(size_t bytes, BamChunk* chunk) {
  chunk->bytes.clear();
  chunk->blocks.clear();
  chunk->records = 0;
  // The record begun in the last chunk first.
  chunk->bytes.Append(carry_.bytes.view());
  chunk->blocks = carry_.blocks;
  size_t scanned = 0;  // bytes of whole records found so far
  const auto scan = [&] {
    const size_t size = chunk->bytes.size();
    const char* data = chunk->bytes.data();
    while (size - scanned >= 4) {
      const uint32_t block_size = Load<uint32_t>(data + scanned);
      // As bam_read1, which reads block_size as an int32: a size past INT32_MAX is damage, not a record to wait for.
      if (block_size < kBamCoreBytes || block_size > INT32_MAX) {
        throw DataError(in_->name() + ":" + std::to_string(chunk->BlockOffsetOf(scanned)) +
                        ": damaged record in the BGZF block starting at this offset");
      }
      if (size - scanned - 4 < block_size) break;
      scanned += 4 + size_t{block_size};
      ++chunk->records;
    }
  };
  scan();
  while (!at_end_ && (chunk->records == 0 || chunk->bytes.size() < bytes)) {
    size_t max = kMaxBlockBytes;
    if (end_ != -1) {
      const int64_t tell = in_->Tell();
      if (tell >= end_) {
        at_end_ = stopped_at_end_ = true;
        break;
      }
      if (tell >> 16 == end_ >> 16) max = static_cast<size_t>((end_ & 0xffff) - (tell & 0xffff));
    }
    const size_t at = chunk->bytes.size();
    char* out = chunk->bytes.Extend(max);
    int64_t block = 0;
    const size_t n = in_->ReadBlockBytes(out, max, &block);
    chunk->bytes.Truncate(at + n);
    if (n == 0) {
      at_end_ = true;
      break;
    }
    chunk->blocks.emplace_back(at, block);
    scan();
  }
  // What follows the last whole record waits for the next chunk.
  carry_.bytes.clear();
  carry_.blocks.clear();
  const size_t rest = chunk->bytes.size() - scanned;
  if (rest != 0) {
    if (at_end_) {
      const int64_t at = chunk->BlockOffsetOf(scanned);
      if (stopped_at_end_) {
        throw DataError(in_->name() + ":" + std::to_string(end_ >> 16) +
                        ": the index's record start there is not one in the file (a stale index?)");
      }
      throw DataError(in_->name() + ":" + std::to_string(at) +
                      ": truncated record in the BGZF block starting at this offset (the input ends inside it)");
    }
    carry_.bytes.Append(chunk->bytes.data() + scanned, rest);
    // The stretch holding the carry's first byte and every one after it, at offsets from the carry's start.
    auto first = std::upper_bound(chunk->blocks.begin(), chunk->blocks.end(), scanned,
                                  [](size_t a, const std::pair<size_t, int64_t>& b) { return a < b.first; });
    if (first != chunk->blocks.begin()) --first;
    for (auto it = first; it != chunk->blocks.end(); ++it) {
      size_t offset = it->first > scanned ? it->first - scanned : 0;
      int64_t block = it->second;
      if (it->first < scanned) block += static_cast<int64_t>(scanned - it->first);  // same block, later in it
      carry_.blocks.emplace_back(offset, block);
    }
    chunk->bytes.Truncate(scanned);
  }
  return chunk->records != 0;
}

}  // namespace recpipe::bam2cols
