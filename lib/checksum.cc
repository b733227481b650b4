#include "lib/checksum.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace recpipe {

uint64_t Xxh3_64Baseline(const void* data, size_t length, uint64_t seed) {
  return XXH3_64bits_withSeed(data, length, seed);
}

bool CpuHasAvx2() {
#if defined(__x86_64__)
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
#else
  return false;
#endif
}

uint64_t Xxh3_64(const void* data, size_t length, uint64_t seed) {
#if defined(__x86_64__)
  if (CpuHasAvx2()) return Xxh3_64Avx2(data, length, seed);
#endif
  return Xxh3_64Baseline(data, length, seed);
}

}  // namespace recpipe
