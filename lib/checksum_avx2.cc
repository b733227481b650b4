// Compiled with -mavx2 (lib/CMakeLists.txt); called only when the CPU has AVX2 (checksum.cc).
#include "lib/checksum.h"

#if defined(__x86_64__)
#define XXH_INLINE_ALL
#define XXH_VECTOR XXH_AVX2
#include <xxhash.h>

namespace recpipe {

uint64_t Xxh3_64Avx2(const void* data, size_t length, uint64_t seed) { return XXH3_64bits_withSeed(data, length, seed); }

}  // namespace recpipe
#endif
