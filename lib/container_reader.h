// Reads a pack container (container_format.h) and checks every rule of recpipe-pack(5): magic and version, each
// frame's checksum, schemas before blocks, block numbering without gaps, the end marker's counts, the index and the
// trailer. Two ways in:
//  - Next() takes the frames in file order, from any input, a pipe included;
//  - on a regular file, Open() also reads the trailer and the index, so that ReadEntry() can fetch any frame on
//    its own and a caller can choose blocks without reading the others (partial loading).
// Every failure is a DataError "NAME: block N at byte OFFSET: what is wrong". Owned by one thread; DecodeBlock is
// a pure function that any thread may call.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/buffer.h"
#include "lib/container_index.h"
#include "lib/frame_source.h"
#include "lib/schema.h"

namespace recpipe {

class InputFile;

struct ContainerTable {
  Schema schema;
  std::unique_ptr<TableLayout> layout;
  uint64_t records_seen = 0;            // sequential reading: records of the blocks delivered so far
  std::optional<uint64_t> records;      // from the index's end marker, when indexed
};

class ContainerReader {
 public:
  // Reads the container header; with use_index on a regular file, also the trailer, index and schemas (an
  // unusable index is an error then: a cut or damaged file).
  ContainerReader(InputFile& in, bool use_index);

  bool indexed() const { return indexed_; }
  // Every SCHEMA, BLOCK and END frame, in file order (indexed only).
  const std::vector<IndexEntry>& entries() const { return entries_; }
  const std::vector<uint32_t>& table_order() const { return order_; }
  const ContainerTable& table(uint32_t id) const;
  bool has_table(uint32_t id) const { return tables_.count(id) != 0; }
  const std::string& name() const { return name_; }
  uint64_t bytes_read() const { return bytes_read_; }
  std::optional<uint64_t> file_size() const { return file_size_; }

  // Sequential reading: the next SCHEMA or BLOCK frame, checked. Returns false after the end marker, index and
  // trailer have been read and checked and the input has ended. *block_number counts blocks from 0.
  bool Next(Frame* frame, uint64_t* block_number);
  // With skip_damaged, Next() passes over damaged frames instead of failing: on a regular file it finds the next
  // sound frame; records lost are counted from the gaps in block numbering and the end marker.
  void set_skip_damaged(bool on) { skip_damaged_ = on; }
  uint64_t damaged_blocks() const { return damaged_blocks_; }
  uint64_t records_lost() const { return records_lost_; }
  // True when records were lost at the end of a cut container, which cannot say how many.
  bool lost_unknown_tail() const { return lost_tail_; }

  // Indexed reading: the frame an index entry lists, its checksum checked; `block_number` is for messages.
  void ReadEntry(const IndexEntry& entry, uint64_t block_number, Frame* frame);

  // Decodes a BLOCK frame of this container into one BATCH frame (header and records), appended to out.
  // Thread-safe. Throws DataError naming the block.
  void DecodeBlock(const Frame& block, uint64_t block_number, Buffer* out) const;

  [[noreturn]] void Fail(uint64_t offset, const std::string& what) const;

 private:
  void LoadIndex();
  void AddTable(uint32_t id, std::string_view payload, uint64_t at);
  // Reads one frame at the current position; returns an empty string when it is sound, else what is wrong.
  std::string ReadFrameAt(Frame* frame, bool* at_eof);
  bool Resync(uint64_t from);
  void CheckEnd(std::string_view payload, uint64_t at);

  InputFile& in_;
  std::string name_;
  bool indexed_ = false;
  bool skip_damaged_ = false;
  std::optional<uint64_t> file_size_;
  uint64_t pos_ = 0;  // sequential reading: the next byte
  uint64_t bytes_read_ = 0;
  std::vector<IndexEntry> entries_;
  std::map<uint32_t, ContainerTable> tables_;
  std::vector<uint32_t> order_;
  uint64_t blocks_seen_ = 0;
  int stage_ = 0;  // sequential: 0 schemas and blocks, 1 after END, 2 after INDEX, 3 done
  uint64_t damaged_blocks_ = 0;
  uint64_t records_lost_ = 0;
  bool lost_tail_ = false;
};

}  // namespace recpipe
