// Test helper: n uniformly random fingerprints, the same for the same seed.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "lib/fingerprint_set.h"

namespace recpipe::testing_support {

inline std::vector<Fingerprint> RandomFingerprints(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Fingerprint> v(n);
  for (Fingerprint& fp : v) {
    fp.low = rng();
    fp.high = rng();
  }
  return v;
}

}  // namespace recpipe::testing_support
