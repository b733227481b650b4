// XXH3-64 for frame checksums. Debian's libxxhash is built for SSE2 only, and hashing is a quarter of the work of a
// fast parser, so the hash is compiled from the same Debian header (xxhash.h, XXH_INLINE_ALL) twice: for AVX2 and
// for the baseline, and the AVX2 build is chosen at run time where the CPU has it. XXH3's output is fixed by its
// specification, so both give the same checksums. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

namespace recpipe {

uint64_t Xxh3_64(const void* data, size_t length, uint64_t seed);

// Implementations, for tests that compare them.
uint64_t Xxh3_64Baseline(const void* data, size_t length, uint64_t seed);
uint64_t Xxh3_64Avx2(const void* data, size_t length, uint64_t seed);  // only where the CPU supports AVX2
bool CpuHasAvx2();

}  // namespace recpipe
