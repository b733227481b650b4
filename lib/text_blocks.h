// Cuts a text input into blocks of whole lines (or whole CSV rows, whose quoted fields may hold line feeds) for
// parsing on worker threads.
//
// A regular uncompressed file is mapped into memory and blocks are views into the mapping: no copy, and the pages
// a block used are dropped from resident memory once the writing stage is done with it (Done), so memory stays flat
// whatever the file size. Any other input (standard input, pipes, compressed files) is read a block at a time, the
// unfinished last line carried over to the next block. Either way each block is followed in memory by at least
// kBlockPadding readable bytes, as simdjson requires.
//
// Next runs on the reading stage, Done on the writing stage; the two only share the InputFile's mapping.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lib/buffer.h"
#include "lib/input_file.h"

namespace recpipe {

inline constexpr size_t kBlockPadding = 64;

struct TextBlock {
  std::string_view text;   // whole lines; points into the mapping or into storage
  uint64_t offset = 0;     // of text's first byte in the content (for files: in the file)
  uint64_t raw_end = 0;    // bytes of the file on disk consumed once this block was read (for progress)
  Buffer storage;
};

class TextBlockReader {
 public:
  // Reads what `in` offers from now on (honouring InputFile::Restrict). csv_delimiter: cut at CSV row ends
  // (quoted fields may hold line feeds) with this field separator; 0: cut at line feeds.
  TextBlockReader(InputFile& in, size_t block_size, char csv_delimiter);

  // Fills block with the next run of whole lines (the last line of the input may lack its LF). False at the end.
  bool Next(TextBlock* block);
  // The writing stage is finished with this block and every one before it.
  void Done(const TextBlock& block);

 private:
  size_t Cut(std::string_view text, size_t scanned) const;
  bool NextMapped(TextBlock* block);
  bool NextRead(TextBlock* block);

  InputFile& in_;
  size_t block_size_;
  char csv_delimiter_;
  bool mapped_ = false;
  std::string_view map_;  // mapped content still to hand out
  uint64_t map_offset_ = 0;
  Buffer carry_;
  uint64_t offset_ = 0;
  bool eof_ = false;
};

}  // namespace recpipe
