// Cuts a file's bytes into blocks of whole CSV rows (cut where lib/csv.h's grammar ends a row, so a quoted field
// with line feeds stays in one block), for the workers to parse in parallel. The reading stage owns it.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "lib/decompress.h"

namespace recpipe::parse_gtfs {

class CsvBlocks {
 public:
  CsvBlocks(std::unique_ptr<ByteSource> source, size_t block_bytes)
      : source_(std::move(source)), block_bytes_(block_bytes) {}

  // Fills *block with the next rows (at least block_bytes of them unless the file ends first; a row longer than
  // that is taken whole). Returns false at the end of the file.
  bool Next(std::string* block);
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  // Reads until pending_ holds at least `want` bytes or the input ends.
  void Fill(size_t want);

  std::unique_ptr<ByteSource> source_;
  size_t block_bytes_;
  std::string pending_;  // bytes read but not yet handed out
  bool eof_ = false;
  uint64_t bytes_read_ = 0;
};

}  // namespace recpipe::parse_gtfs
