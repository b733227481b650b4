#include "lib/text_blocks.h"

#include <cstring>

#include "lib/csv.h"

namespace recpipe {

TextBlockReader::TextBlockReader(InputFile& in, size_t block_size, char csv_delimiter)
    : in_(in), block_size_(block_size), csv_delimiter_(csv_delimiter) {
  if (in.seekable()) {
    mapped_ = true;
    map_ = in.MapContent(&map_offset_);
    offset_ = map_offset_;
  }
}

size_t TextBlockReader::Cut(std::string_view text, size_t scanned) const {
  if (csv_delimiter_) return CsvCutPoint(text, csv_delimiter_);  // the quote state depends on everything before
  const void* nl = memrchr(text.data() + scanned, '\n', text.size() - scanned);
  return nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1 : 0;
}

bool TextBlockReader::Next(TextBlock* block) { return mapped_ ? NextMapped(block) : NextRead(block); }

bool TextBlockReader::NextMapped(TextBlock* block) {
  if (map_.empty()) return false;
  size_t window = block_size_;
  size_t cut = 0;
  for (;;) {
    if (window >= map_.size()) {
      cut = map_.size();
      break;
    }
    cut = Cut(map_.substr(0, window), 0);
    if (cut != 0) break;
    window *= 2;  // a line (or quoted field) longer than a block
  }
  block->offset = offset_;
  // The block must be followed by padding; within the mapping only blocks well before its end are.
  const bool near_end = map_.size() - cut < kBlockPadding;
  if (near_end) {
    block->storage.clear();
    block->storage.reserve(cut + kBlockPadding);
    block->storage.Append(map_.data(), cut);
    std::memset(block->storage.data() + cut, 0, kBlockPadding);
    block->text = block->storage.view();
  } else {
    block->text = map_.substr(0, cut);
  }
  map_.remove_prefix(cut);
  offset_ += cut;
  block->raw_end = offset_;
  return true;
}

bool TextBlockReader::NextRead(TextBlock* block) {
  Buffer& buf = block->storage;
  buf.clear();
  buf.reserve(block_size_ + carry_.size() + kBlockPadding);
  buf.Append(carry_.view());
  carry_.clear();
  size_t scanned = 0;
  while (!eof_) {
    size_t before = buf.size();
    buf.reserve(before + block_size_ + kBlockPadding);
    size_t got = in_.ReadFull(buf.Extend(block_size_), block_size_);
    buf.Truncate(before + got);
    if (got < block_size_) {
      eof_ = true;
      break;
    }
    size_t cut = Cut(buf.view(), scanned);
    if (cut != 0) {
      carry_.Append(buf.data() + cut, buf.size() - cut);
      buf.Truncate(cut);
      break;
    }
    scanned = buf.size();  // a line longer than a block: read on
  }
  buf.reserve(buf.size() + kBlockPadding);
  std::memset(buf.data() + buf.size(), 0, kBlockPadding);
  block->text = buf.view();
  block->offset = offset_;
  offset_ += buf.size();
  block->raw_end = in_.raw_bytes_read();
  return !buf.empty();
}

void TextBlockReader::Done(const TextBlock& block) {
  if (mapped_ && block.text.data() != block.storage.data()) in_.ReleaseMappedBefore(block.text.data() + block.text.size());
}

}  // namespace recpipe
