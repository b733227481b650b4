// Writes a pack container (container_format.h) front to back, never seeking, so the output may be a pipe: the
// header, schema and block frames as they are given, then at Finish the end marker, the index of every frame and
// the trailer. Blocks are built (encoded and compressed) elsewhere, on any thread, with MakeBlockFrame; the writer
// only places them. Owned by one thread (the writing stage).
#pragma once

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "lib/buffer.h"
#include "lib/container_index.h"
#include "lib/output_file.h"
#include "lib/schema.h"

namespace recpipe {

// Builds a whole BLOCK frame in *out (replacing its content): the column image of `count` records, compressed.
void MakeBlockFrame(uint32_t table_id, uint32_t count, uint64_t first_record, Codec codec, int level,
                    std::string_view image, const std::vector<FieldStat>& stats, Buffer* out);

class ContainerWriter {
 public:
  explicit ContainerWriter(OutputFile& out) : out_(out) {}

  // Writes a table's schema; it must come before the table's first block. Table ids are the writer's caller's
  // choice, each used once.
  void WriteSchema(uint32_t table_id, const Schema& schema);
  // Writes a sealed BLOCK frame of a table whose schema was written. Its table id and first record number are
  // rewritten (and the frame resealed) when they differ from this container's, so that blocks copied from other
  // containers need no decompression.
  void WriteBlock(uint32_t table_id, std::string_view frame);
  // Writes the end marker, the index and the trailer. The caller then commits the output.
  void Finish();

  uint64_t records(uint32_t table_id) const;
  uint64_t blocks() const { return blocks_; }
  uint64_t bytes_written() const { return offset_; }

 private:
  void Put(std::string_view bytes);
  void EnsureHeader();

  OutputFile& out_;
  uint64_t offset_ = 0;
  uint64_t blocks_ = 0;
  std::vector<IndexEntry> index_;
  std::vector<uint32_t> order_;              // table ids as their schemas were written
  std::map<uint32_t, uint64_t> records_;     // per table id
  Buffer scratch_;
};

}  // namespace recpipe
