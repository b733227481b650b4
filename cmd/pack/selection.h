// What `pack -d` loads: --table, --records A:B, --blocks I:J and --where FIELD=A:B, resolved against a container's
// tables. A block is read only when it can hold selected records (its table, record numbers, block number, and
// the minimum and maximum the block keeps of the --where field); records of a read block are then kept exactly.
// Immutable once resolved: safe to share between threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cmd/pack/pack.h"
#include "lib/buffer.h"
#include "lib/container_index.h"
#include "lib/schema.h"

namespace recpipe::pack {

class ResolvedSelection {
 public:
  // tables: the container's tables (id -> schema) in order. Throws UsageError when the selection names a table
  // or field that is not there, or needs a table and several are there.
  ResolvedSelection(const Selection& s, const std::vector<std::pair<uint32_t, const Schema*>>& tables);

  // Whether the table's records are output at all.
  bool WantsTable(uint32_t table_id) const { return !table_ || *table_ == table_id; }
  // Whether a block can hold selected records.
  bool WantsBlock(uint32_t table_id, uint64_t block_number, uint64_t first_record, uint32_t count,
                  const std::vector<FieldStat>& stats) const;
  // True when a wanted block may hold records that are not selected, so they must be filtered one by one.
  bool FiltersRecords() const { return records_.has_value() || where_field_.has_value(); }
  // Rewrites one decoded batch frame (the block's records, which start at first_record) to the selected records.
  void FilterBatch(const TableLayout& layout, uint64_t first_record, Buffer* batch) const;

 private:
  bool InWhere(uint64_t value) const;

  std::optional<uint32_t> table_;
  std::optional<Range> records_, blocks_;
  std::optional<WhereRange> where_;
  std::optional<size_t> where_field_;
  Type where_type_ = Type::kI64;
};

}  // namespace recpipe::pack
