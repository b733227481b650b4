// BAM input in chunks of whole records, for the reading stage: it only copies the decompressed bytes out of
// htslib (whose thread pool inflates the blocks) and finds where the records end, so that decoding each record
// (bam_record.h) runs on the workers. A record cut by the chunk's end is carried into the next chunk. Not
// thread-safe: one owner, like the SamInput it reads from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cmd/bam2cols/sam_input.h"
#include "lib/buffer.h"

namespace recpipe::bam2cols {

// Whole BAM records (each with its block_size) and where their bytes came from.
struct BamChunk {
  Buffer bytes;
  size_t records = 0;
  // (offset in bytes, virtual offset it was read at), one per stretch read from one BGZF block, in order.
  std::vector<std::pair<size_t, int64_t>> blocks;
  // The compressed offset of the BGZF block that holds bytes[at], for messages.
  int64_t BlockOffsetOf(size_t at) const;
};

class BamChunker {
 public:
  // end: a virtual offset (a record start) where reading stops, -1 for the end of the input.
  BamChunker(SamInput* in, int64_t end) : in_(in), end_(end) {}

  // Fills chunk with at least `bytes` bytes of whole records where the input has them, and at least one record;
  // false (chunk empty) at the end. Throws DataError for damaged input, a file that ends inside a record, or an end
  // offset inside one.
  bool Next(size_t bytes, BamChunk* chunk);

 private:
  SamInput* in_;
  int64_t end_;
  bool at_end_ = false;
  bool stopped_at_end_ = false;  // at end_, not at the end of the input
  BamChunk carry_;               // the part of a record read beyond the last chunk's end
};

}  // namespace recpipe::bam2cols
