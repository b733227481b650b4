// Cuts a text input into blocks of whole lines (or whole CSV rows, whose quoted fields may hold line feeds) for
// parsing on worker threads. Works on any input, standard input and compressed files included: it reads ahead a
// block at a time and carries the unfinished last line over to the next block. Each block is followed in memory by
// at least kBlockPadding readable bytes, as simdjson requires. Used by the reading stage only.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/buffer.h"
#include "lib/input_file.h"

namespace recpipe {

inline constexpr size_t kBlockPadding = 64;

class TextBlockReader {
 public:
  TextBlockReader(InputFile& in, size_t block_size, bool csv_rows)
      : in_(in), block_size_(block_size), csv_rows_(csv_rows) {}

  // Replaces block's content with the next run of whole lines (the last line of the input may lack its LF) and
  // sets *offset to its position in the content. Returns false at the end.
  bool Next(Buffer* block, uint64_t* offset);

 private:
  size_t Cut(const Buffer& block, size_t scanned) const;

  InputFile& in_;
  size_t block_size_;
  bool csv_rows_;
  Buffer carry_;
  uint64_t offset_ = 0;
  bool eof_ = false;
};

}  // namespace recpipe
