// Line-aligned pieces of a file, for spreading one input over jobs (chunk --part K/N, --plan N), cut as GNU
// split's `-n l/K/N` (coreutils 9.1, as in Debian 12): the file is divided into n byte ranges of size/n bytes (at
// least one byte; the last range takes the excess), and piece k holds the lines that start in range k, i.e. it runs
// from the first line start at or after its range's start to the first line start at or after the next range's
// start. The pieces are disjoint, cover the file exactly (some may be empty), and depend only on the file, so
// independent jobs agree on them.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "lib/input_file.h"

namespace recpipe {

// More pieces than this is a typing error rather than a plan.
inline constexpr uint64_t kMaxPieces = 1000000;

struct ByteRange {
  uint64_t start = 0;
  uint64_t length = 0;
};

// The first offset >= `offset` at which a line starts (0, or just after an LF), or the file size.
uint64_t NextLineStart(InputFile& in, uint64_t size, uint64_t offset);

// Piece k (1-based) of n of a seekable input of `size` bytes.
ByteRange LinePiece(InputFile& in, uint64_t size, uint64_t k, uint64_t n);

// All n pieces.
std::vector<ByteRange> LinePlan(InputFile& in, uint64_t size, uint64_t n);

// Parses "K/N" (1 <= K <= N). Throws UsageError.
std::pair<uint64_t, uint64_t> ParsePart(const std::string& text);

}  // namespace recpipe
