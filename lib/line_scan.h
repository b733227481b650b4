// Finding line feeds 64 bytes at a time: SSE2 compares (the x86-64 baseline) build a 64-bit mask of LF positions,
// so a block is split into lines without a call per line. Thread-safe; header-only because the callback inlines.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace recpipe {

// Bit i is set when p[i] == c, for i in [0, 64).
inline uint64_t ByteMask64(const char* p, char c) {
#if defined(__SSE2__)
  const __m128i needle = _mm_set1_epi8(c);
  auto mask16 = [&](int k) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, needle))));
  };
  return mask16(0) | mask16(1) << 16 | mask16(2) << 32 | mask16(3) << 48;
#else
  uint64_t m = 0;
  for (int i = 0; i < 64; ++i) m |= static_cast<uint64_t>(p[i] == c) << i;
  return m;
#endif
}

inline uint64_t LineFeedMask64(const char* p) { return ByteMask64(p, '\n'); }

// Bit i is the XOR of bits 0..i of x: with x a mask of quotes, the bits inside quoted runs.
inline uint64_t PrefixXor64(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// Calls fn(line) for each line of text, without its LF; a last line without an LF is passed too.
template <typename Fn>
inline void ForEachLine(std::string_view text, Fn&& fn) {
  const char* base = text.data();
  const size_t n = text.size();
  size_t start = 0;
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    uint64_t m = LineFeedMask64(base + i);
    while (m != 0) {
      size_t pos = i + static_cast<size_t>(__builtin_ctzll(m));
      fn(std::string_view(base + start, pos - start));
      start = pos + 1;
      m &= m - 1;
    }
  }
  for (; i < n; ++i) {
    if (base[i] == '\n') {
      fn(std::string_view(base + start, i - start));
      start = i + 1;
    }
  }
  if (start < n) fn(std::string_view(base + start, n - start));
}

}  // namespace recpipe
