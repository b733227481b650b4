// A software prefetch that is really emitted. GCC 12 silently drops __builtin_prefetch when the address comes out of
// a hash product (DayCounts::Prefetch compiled to nothing: no instruction in the assembly, and no faster run), so on
// x86 the instruction is written as an asm statement, which the compiler may not remove.
#pragma once

namespace recpipe {

// Starts loading the cache line that holds p, for reading soon. p need not be valid: a prefetch never faults.
inline void PrefetchForRead(const void* p) {
#if defined(__x86_64__) || defined(__i386__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p);
#endif
}

}  // namespace recpipe
