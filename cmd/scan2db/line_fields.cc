#include "cmd/scan2db/line_fields.h"

#include <cstddef>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace recpipe::scan2db {
namespace {

// A window of 64 bytes as two bit masks: which bytes are '/' and which are '.'.
struct SlashesAndDots {
  uint64_t slashes = 0, dots = 0;
};

SlashesAndDots Classify(const char* window) {
  SlashesAndDots m;
#ifdef __SSE2__
  const __m128i slash = _mm_set1_epi8('/'), dot = _mm_set1_epi8('.');
  for (int i = 0; i < 4; ++i) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(window + 16 * i));
    m.slashes |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, slash)))) << (16 * i);
    m.dots |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, dot)))) << (16 * i);
  }
#else
  for (int i = 0; i < 64; ++i) {
    m.slashes |= static_cast<uint64_t>(window[i] == '/') << i;
    m.dots |= static_cast<uint64_t>(window[i] == '.') << i;
  }
#endif
  return m;
}

// Whether a window holds "//", "/./" or "/../" (bit i of a mask shifted right by k is byte i + k).
bool HasBadComponent(SlashesAndDots m) {
  const uint64_t s = m.slashes, d = m.dots;
  return ((s & (s >> 1)) | (s & (d >> 1) & (s >> 2)) | (s & (d >> 1) & (d >> 2) & (s >> 3))) != 0;
}

}  // namespace

const char* ReadRecordHead(std::string_view* line, uint64_t* inode, uint64_t* gen) {
  uint64_t snapid = 0;
  if (!TakeNumber(line, UINT64_MAX, inode)) return "no inode number at the start of the line";
  if (!TakeNumber(line, UINT64_MAX, gen)) return "no generation number after the inode";
  if (!TakeNumber(line, UINT64_MAX, &snapid)) return "no snapshot id after the generation number";
  while (!line->empty() && line->front() == ' ') line->remove_prefix(1);
  return nullptr;
}

bool IsNormalPath(std::string_view path) {
  const size_t n = path.size();
  if (n == 0 || path[0] != '/') return false;
  if (n == 1) return true;
  // With a '/' put after the end, a path is normal when it holds none of "//", "/./" and "/../" (the ones at the
  // end are a trailing "/", "/." or ".."). Paths run to hundreds of bytes: they are looked at 64 bytes at a time,
  // as bit masks, in windows that overlap by 3 bytes so that no four-byte pattern falls between two of them.
  constexpr size_t kWindow = 64, kStep = kWindow - 3;
  size_t at = 0;
  for (; at + kWindow <= n; at += kStep) {
    if (HasBadComponent(Classify(path.data() + at))) return false;
  }
  // The rest (under 64 bytes, the last 3 of the window before included) and the '/' after the end.
  char tail[kWindow];
  const size_t left = n - at;
  std::memcpy(tail, path.data() + at, left);
  tail[left] = '/';
  std::memset(tail + left + 1, 'x', kWindow - left - 1);
  return !HasBadComponent(Classify(tail));
}

}  // namespace recpipe::scan2db
