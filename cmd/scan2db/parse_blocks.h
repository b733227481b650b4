// The parsing half of both runs: the input cut into blocks of whole lines (TextBlockReader, as chunk does), each
// block's lines parsed on any worker thread into entries (and, by the caller's `digest`, summarized for the
// directory aggregate on that same thread), and the results handed to a serial stage in input order, with bad lines
// turned into FILE:LINE errors (or skipped and counted under --max-errors).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cmd/scan2db/block_summary.h"
#include "cmd/scan2db/scan2db.h"
#include "cmd/scan2db/scan_entry.h"

namespace recpipe::scan2db {

struct ParsedBlock {
  std::vector<ParsedEntry> entries;
  std::string arena;  // decoded text the entries point into (escaped dialect)
  struct Error {
    uint64_t line;  // in the block, 0-based
    const char* message;
  };
  std::vector<Error> errors;
  uint64_t lines = 0;
  uint64_t bytes = 0;    // of the block's text
  BlockSummary summary;  // filled by the caller's digest, if it wants one
};

// Runs the pipeline over in: digest (if not empty) sees each parsed block on the worker that parsed it, consume
// sees every block in input order on one thread. Returns the number of lines read; *errors gets the bad lines
// skipped (a DataError once they pass --max-errors).
uint64_t ParseBlocks(const ScanOptions& options, Dialect dialect, InputFile& in,
                     const std::function<void(ParsedBlock&)>& digest,
                     const std::function<void(const ParsedBlock&)>& consume, uint64_t* errors);

// Counts a skipped error under --max-errors: warns for the first few, throws DataError(message) past the limit.
void CountError(const ScanOptions& options, const std::string& message, uint64_t* errors);

}  // namespace recpipe::scan2db
