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
#include <utility>
#include <vector>

#include "lib/buffer.h"
#include "lib/container_index.h"
#include "lib/frame.h"
#include "lib/frame_source.h"
#include "lib/lookahead_input.h"
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
  enum class IndexUse {
    kNone,      // read the frames in order
    kRequire,   // on a regular file, read the trailer, index and schemas; an unusable index is an error
    kFallBack,  // as kRequire, but an unusable index leaves the reader reading in order (index_damage() says why)
  };
  // Reads the container header and, as `use` says, the trailer, index and schemas.
  ContainerReader(InputFile& in, IndexUse use);
  ContainerReader(InputFile& in, bool use_index)
      : ContainerReader(in, use_index ? IndexUse::kRequire : IndexUse::kNone) {}

  bool indexed() const { return indexed_; }
  // With IndexUse::kFallBack: why the index could not be used ("NAME: byte OFFSET: what"), or empty.
  const std::string& index_damage() const { return index_damage_; }
  // Every SCHEMA, BLOCK and END frame, in file order (indexed only).
  const std::vector<IndexEntry>& entries() const { return entries_; }
  const std::vector<uint32_t>& table_order() const { return order_; }
  const ContainerTable& table(uint32_t id) const;
  bool has_table(uint32_t id) const { return tables_.count(id) != 0; }
  const std::string& name() const { return name_; }
  uint64_t bytes_read() const { return bytes_read_ + seq_.bytes_from_input(); }
  std::optional<uint64_t> file_size() const { return file_size_; }

  // Sequential reading: the next SCHEMA or BLOCK frame, checked. Returns false after the end marker, index and
  // trailer have been read and checked and the input has ended. *block_number counts blocks from 0.
  bool Next(Frame* frame, uint64_t* block_number);
  // With skip_damaged, Next() passes over damaged frames instead of failing: it searches the bytes that follow for
  // the next frame whose checksum verifies (from a pipe too, through a look-ahead buffer of at most one frame).
  // Records lost are counted from the gaps in the blocks' record numbers and from the end marker's counts (or,
  // when the end marker is damaged, from the index's list of blocks).
  void set_skip_damaged(bool on) { skip_damaged_ = on; }
  uint64_t damaged_blocks() const { return damaged_blocks_; }
  // Sound blocks passed over because their table's schema was damaged (their records count as lost).
  uint64_t schemaless_blocks() const { return schemaless_blocks_; }
  uint64_t records_lost() const { return records_lost_; }
  // True when more records than records_lost() may have been lost and how many is unknown: the container is cut
  // short, or the damage took the end marker and the index with it. lost_unknown_why() says which.
  bool lost_unknown_tail() const { return !unknown_why_.empty(); }
  const std::string& lost_unknown_why() const { return unknown_why_; }
  // What Next() skipped since the last call, one "NAME: byte OFFSET: what" per damaged frame, in file order.
  std::vector<std::string> TakeDamageNotes() { return std::exchange(notes_, {}); }

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
  // After damage at `at`: hands the bytes read since back to the input and searches them, and what follows, for
  // the next sound frame; false when the input ends first.
  bool Resync(uint64_t at, std::string_view read_since);
  // A frame header that could be real at `at`: a known type, zero flags and reserved bytes, a length that fits.
  bool PlausibleHeader(const FrameHeader& h, uint64_t at) const;
  void CheckEnd(std::string_view payload, uint64_t at);
  // The end marker was lost: the index's blocks tell how many records each table had.
  void CountFromIndex(std::string_view payload);
  void LostUnknown(const std::string& why);

  InputFile& in_;
  LookAheadInput seq_;  // sequential reading goes through it, so that damage can be searched past from a pipe
  std::string name_;
  std::string index_damage_;
  bool indexed_ = false;
  bool skip_damaged_ = false;
  std::optional<uint64_t> file_size_;
  uint64_t pos_ = 0;  // sequential reading: the next byte
  uint64_t bytes_read_ = 0;  // by random access; sequential reads are counted by seq_
  std::vector<IndexEntry> entries_;
  std::map<uint32_t, ContainerTable> tables_;
  std::vector<uint32_t> order_;
  uint64_t blocks_seen_ = 0;
  int stage_ = 0;  // sequential: 0 schemas and blocks, 1 after END, 2 after INDEX, 3 done
  uint64_t damaged_blocks_ = 0;
  uint64_t schemaless_blocks_ = 0;
  uint64_t records_lost_ = 0;
  std::string unknown_why_;  // why the records lost cannot all be counted, when they cannot
  std::vector<std::string> notes_;
  bool damage_seen_ = false;  // with skip_damaged: something was passed over (a schema, perhaps)
};

}  // namespace recpipe
