// What the command line of merge asks for (see man/merge.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cmd/merge/time_period.h"
#include "lib/command_line.h"
#include "lib/container_format.h"
#include "lib/stream_format.h"

namespace recpipe::merge {

struct MergeOptions {
  CommonOptions common;
  std::vector<std::string> inputs;   // in the order given; "-" when none is
  std::vector<std::string> key;      // -k; empty: concatenate
  bool unique = false;               // --unique: the first record of each key
  std::optional<std::string> table;  // --table: the keyed (or partitioned) table; else the first that appears
  std::string partition_by;          // --partition-by FIELD[:PERIOD[:UNIT]]; empty: one output
  // With a PERIOD: one output per UTC period of FIELD instead of per value.
  std::optional<PeriodSpec> partition_period;
  uint64_t max_partitions = 256;     // --max-partitions
  size_t batch_bytes = kDefaultBatchBytes;
  Codec codec = Codec::kZstd;        // -c: the codec of a container output
};

}  // namespace recpipe::merge
