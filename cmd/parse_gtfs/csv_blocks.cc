#include "cmd/parse_gtfs/csv_blocks.h"

#include "lib/csv.h"

namespace recpipe::parse_gtfs {

void CsvBlocks::Fill(size_t want) {
  while (!eof_ && pending_.size() < want) {
    size_t have = pending_.size();
    pending_.resize(std::max(want, have + (64 << 10)));
    size_t got = source_->Read(pending_.data() + have, pending_.size() - have);
    pending_.resize(have + got);
    bytes_read_ += got;
    if (got == 0) eof_ = true;
  }
}

bool CsvBlocks::Next(std::string* block) {
  size_t want = block_bytes_;
  for (;;) {
    Fill(want);
    if (pending_.empty()) return false;
    // Cut at the last row end of the first `want` bytes; a block that holds none (one long row, or a quoted
    // field running on) grows until it does or the file ends.
    std::string_view head(pending_.data(), std::min(want, pending_.size()));
    size_t cut = eof_ && pending_.size() <= want ? pending_.size() : CsvCutPoint(head);
    if (cut == 0 && eof_ && pending_.size() <= want) cut = pending_.size();
    if (cut > 0) {
      // Hand over the whole buffer and keep only the tail after the cut (the serial stage copies a partial row,
      // not the block).
      block->swap(pending_);
      pending_.assign(block->data() + cut, block->size() - cut);
      block->resize(cut);
      return true;
    }
    want *= 2;
  }
}

}  // namespace recpipe::parse_gtfs
