// pack: the block-compressed, indexed container (recpipe-pack(5)). One entry point per mode; main.cc only parses
// options. Each mode runs on the main thread and starts its own pipeline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lib/command_line.h"
#include "lib/container_format.h"
#include "lib/run_stats.h"

namespace recpipe::pack {

// A half-open range [begin, end) of record or block numbers; open ends are 0 and UINT64_MAX.
struct Range {
  uint64_t begin = 0;
  uint64_t end = UINT64_MAX;
};

// --where FIELD=A:B: records whose integer field lies in [A, B), as the field's type (signed or unsigned).
struct WhereRange {
  std::string field;
  std::string text;  // as given, for messages
  bool lo_open = true, hi_open = true;
  int64_t lo_signed = 0, hi_signed = 0;
  uint64_t lo_unsigned = 0, hi_unsigned = 0;
  bool lo_negative = false, hi_negative = false;  // the bound was below zero (no unsigned value is)
};

struct Selection {
  std::optional<std::string> table;
  std::optional<Range> records;
  std::optional<Range> blocks;
  std::optional<WhereRange> where;
  bool any() const { return table || records || blocks || where; }
};

struct PackOptions {
  CommonOptions common;
  Codec codec = Codec::kZstd;
  int level = 3;
  uint64_t block_bytes = 1u << 20;
  std::vector<std::string> index_fields;  // empty: every integer field
  Selection selection;
  bool skip_damaged = false;
  bool verbose = false;
};

// pack: a record stream (or a container, repacked) into a container.
// Both write --stats (StatsFile) just before they put the output in place.
void Pack(const PackOptions& options, RunStats& stats, StatsFile& stats_file);
// pack -d: a container (or a plain stream) into a stream or text, all of it or the selection.
void Unpack(const PackOptions& options, RunStats& stats, StatsFile& stats_file);
// pack --list: what a container holds.
void List(const PackOptions& options);
// pack --test: checks every checksum and block; throws DataError on the first damage.
void Test(const PackOptions& options);

Range ParseRange(const std::string& text, const char* option);
WhereRange ParseWhere(const std::string& text);

}  // namespace recpipe::pack
