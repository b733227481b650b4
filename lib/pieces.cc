#include "lib/pieces.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "lib/error.h"

namespace recpipe {

uint64_t NextLineStart(InputFile& in, uint64_t size, uint64_t offset) {
  if (offset == 0) return 0;
  if (offset >= size) return size;
  // The line containing byte offset-1 ends at the first LF at or after offset-1.
  // Most lines are short: look at 4 KiB first, then read on in larger steps.
  char buf[1 << 16];
  size_t step = 4096;
  uint64_t at = offset - 1;
  while (at < size) {
    size_t got = in.ReadAt(at, buf, step);
    step = sizeof buf;
    if (got == 0) break;
    const void* nl = std::memchr(buf, '\n', got);
    if (nl) return at + static_cast<uint64_t>(static_cast<const char*>(nl) - buf) + 1;
    at += got;
  }
  return size;
}

// Where piece i (0 <= i <= n) begins before line alignment, as GNU split 9.1 (Debian 12) has it: ranges of
// size/n bytes, at least one byte each, the last piece taking the excess. (Later coreutils spread the excess over
// the first pieces instead; we follow the split that Debian ships.)
static uint64_t Boundary(uint64_t size, uint64_t i, uint64_t n) {
  uint64_t chunk = std::max<uint64_t>(1, size / n);
  return std::min(size, i * chunk);
}

ByteRange LinePiece(InputFile& in, uint64_t size, uint64_t k, uint64_t n) {
  uint64_t begin = NextLineStart(in, size, Boundary(size, k - 1, n));
  uint64_t end = k == n ? size : NextLineStart(in, size, Boundary(size, k, n));
  if (end < begin) end = begin;
  return {begin, end - begin};
}

std::vector<ByteRange> LinePlan(InputFile& in, uint64_t size, uint64_t n) {
  std::vector<ByteRange> plan;
  for (uint64_t k = 1; k <= n; ++k) plan.push_back(LinePiece(in, size, k, n));
  return plan;
}

std::pair<uint64_t, uint64_t> ParsePart(const std::string& text) {
  size_t slash = text.find('/');
  auto digits = [](const std::string& t) {
    return !t.empty() && t.size() <= 12 && t.find_first_not_of("0123456789") == std::string::npos;
  };
  if (slash != std::string::npos && digits(text.substr(0, slash)) && digits(text.substr(slash + 1))) {
    uint64_t k = std::stoull(text.substr(0, slash));
    uint64_t n = std::stoull(text.substr(slash + 1));
    if (k >= 1 && k <= n && n <= kMaxPieces) return {k, n};
  }
  throw UsageError("--part takes K/N with 1 <= K <= N <= " + std::to_string(kMaxPieces) + ", not '" + text + "'");
}

}  // namespace recpipe
