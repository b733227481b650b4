// --part K/N and --plan N for an indexed BAM: pieces that start at record starts the index knows (the starts of
// its bin chunks and linear-index entries), so that independent jobs agree on the cuts without reading the data.
// Piece k begins at the first such record start in the k-th N-th of the file's bytes and ends where piece k+1
// begins; piece 1 begins at the first record. The pieces are disjoint and together exactly the whole file; some may
// be empty. Reads without coordinates at the end of a BAM fall to the piece that holds the last indexed start.
#pragma once

#include <cstdint>
#include <vector>

#include "cmd/bam2cols/sam_input.h"

namespace recpipe::bam2cols {

struct BamPiece {
  int64_t begin = 0;  // virtual offset of the first record; -1: none (an empty piece at the end)
  int64_t end = -1;   // virtual offset where the next piece begins; -1: to the end of the file
};

// All n pieces. `first_record` is the virtual offset just after the header. Throws DataError when the input is not
// an indexed BAM file.
std::vector<BamPiece> PlanBamPieces(SamInput& in, int64_t first_record, uint64_t n);

}  // namespace recpipe::bam2cols
