// The rows of owner_summary, size_histogram and access_histogram, worked out from the per-uid figures apart from
// the inserts that write them (DbWriter::Finish), after the tree walk, on the same thread. Rows are in uid order,
// then bucket order; empty buckets have no row.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "cmd/scan2db/owner_totals.h"

namespace recpipe::scan2db {

struct OwnerRows {
  struct Summary {
    uint32_t uid;
    uint64_t bytes, files, directories, logical;
  };
  struct Bucket {
    uint32_t uid;
    int index;
    uint64_t count, bytes;
  };
  std::vector<Summary> summaries;
  std::vector<Bucket> sizes;
  std::vector<Bucket> ages;  // empty without a scan date (nothing to measure ages against)
};

// scan_time_us: what access ages are measured against.
OwnerRows BuildOwnerRows(const OwnerTable& owners, std::optional<int64_t> scan_time_us);

}  // namespace recpipe::scan2db
