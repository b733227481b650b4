#include "cmd/dedupe/spill_filter.h"

#include <algorithm>

namespace recpipe::dedupe {

SpillFilter::SpillFilter(size_t bytes)
    : blocks_(std::max<size_t>(1, bytes / (kBlockWords * sizeof(uint64_t)))),
      bits_(new uint64_t[blocks_ * kBlockWords]()) {}

}  // namespace recpipe::dedupe
