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
  char buf[1 << 16];
  uint64_t at = offset - 1;
  while (at < size) {
    size_t got = in.ReadAt(at, buf, sizeof buf);
    if (got == 0) break;
    const void* nl = std::memchr(buf, '\n', got);
    if (nl) return at + static_cast<uint64_t>(static_cast<const char*>(nl) - buf) + 1;
    at += got;
  }
  return size;
}

// Where GNU split's piece i (0 <= i <= n) begins before line alignment: the size/n bytes each, and the remainder
// spread one byte each over the first pieces.
static uint64_t Boundary(uint64_t size, uint64_t i, uint64_t n) { return i * (size / n) + std::min(i, size % n); }

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
  try {
    if (slash != std::string::npos) {
      size_t a = 0, b = 0;
      uint64_t k = std::stoull(text.substr(0, slash), &a);
      uint64_t n = std::stoull(text.substr(slash + 1), &b);
      if (a == slash && b == text.size() - slash - 1 && k >= 1 && k <= n) return {k, n};
    }
  } catch (const std::exception&) {
  }
  throw UsageError("--part takes K/N with 1 <= K <= N, not '" + text + "'");
}

}  // namespace recpipe
