// A std::allocator for big tables probed at random (hash tables of millions of slots): blocks of 2 MiB and more are
// aligned to 2 MiB and marked MADV_HUGEPAGE, so that the kernel backs them with huge pages where it can (Debian's
// default transparent_hugepage mode is "madvise"). Each random probe of a table bigger than the caches is a miss to
// memory; with 4 KiB pages it is also a TLB miss whose page walk limits how many misses a prefetch can keep in
// flight. Smaller blocks come from the ordinary heap. Without huge pages the advice is ignored: nothing changes.
#pragma once
#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

namespace recpipe {

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT(google-explicit-constructor): allocators convert

  T* allocate(size_t n) {
    if (n > SIZE_MAX / sizeof(T)) throw std::bad_array_new_length();
    const size_t bytes = n * sizeof(T);
    if (bytes < kHugePage) return static_cast<T*>(::operator new(bytes));
    const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (!p) throw std::bad_alloc();
    madvise(p, rounded, MADV_HUGEPAGE);  // advice only: an error leaves ordinary pages
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) < kHugePage) {
      ::operator delete(p);
    } else {
      std::free(p);
    }
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }

 private:
  static constexpr size_t kHugePage = size_t{2} << 20;
};

}  // namespace recpipe
