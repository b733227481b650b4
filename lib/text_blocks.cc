#include "lib/text_blocks.h"

#include <cstring>

#include "lib/csv.h"

namespace recpipe {

size_t TextBlockReader::Cut(const Buffer& block, size_t scanned) const {
  if (csv_rows_) return CsvCutPoint(block.view());  // quote state depends on everything before
  const char* p = block.data();
  const void* nl = memrchr(p + scanned, '\n', block.size() - scanned);
  return nl ? static_cast<size_t>(static_cast<const char*>(nl) - p) + 1 : 0;
}

bool TextBlockReader::Next(Buffer* block, uint64_t* offset) {
  block->clear();
  block->reserve(block_size_ + carry_.size() + kBlockPadding);
  block->Append(carry_.view());
  carry_.clear();
  size_t scanned = 0;
  for (;;) {
    if (eof_) break;
    size_t want = block_size_;
    size_t before = block->size();
    block->reserve(before + want + kBlockPadding);
    size_t got = in_.ReadFull(block->Extend(want), want);
    block->Truncate(before + got);
    if (got < want) eof_ = true;
    if (eof_) break;
    size_t cut = Cut(*block, scanned);
    if (cut != 0) {
      carry_.Append(block->data() + cut, block->size() - cut);
      block->Truncate(cut);
      break;
    }
    scanned = block->size();  // a line longer than a block: read on
  }
  *offset = offset_;
  offset_ += block->size();
  block->reserve(block->size() + kBlockPadding);
  std::memset(block->data() + block->size(), 0, kBlockPadding);
  return !block->empty();
}

}  // namespace recpipe
