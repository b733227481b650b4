// --partition-by FIELD: one output per distinct value of a field of the one table merged, named by putting the
// value, made safe for a file name, in place of {FIELD} in the -o pattern. Each output is written under a
// temporary name and renamed when the whole run has succeeded, so a failed run leaves none of them. At most
// max_partitions outputs exist; one more value is an error. Records are batched per partition, and all partitions
// are flushed together when they hold more than kHeldBatches batches between them, which bounds memory
// whatever the number of partitions (at the price of smaller batches when there are many). With a period
// (--partition-by FIELD:day) the partitions are UTC periods of a time field instead of values (time_period.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cmd/merge/merge_options.h"
#include "cmd/merge/merge_output.h"
#include "cmd/merge/time_period.h"
#include "lib/batch_builder.h"
#include "lib/record_view.h"

namespace recpipe::merge {

inline constexpr size_t kHeldBatches = 16;

// The value of a field as it goes into a file name: numbers and booleans as in text output; strings and bytes
// as they are, except that '/', '%', bytes below 0x20, 0x7f and a leading '.' become %XX (hex); the empty string
// is "%empty" and null is "%null" (neither can come from a value, whose '%' is always escaped).
std::string PartitionValueName(const RecordView& record, size_t field, Type type);

// pattern with each "{FIELD}" replaced by value.
std::string PartitionPath(const std::string& pattern, const std::string& field, const std::string& value);

class PartitionedOutput : public MergeOutput {
 public:
  explicit PartitionedOutput(const MergeOptions& options);
  ~PartitionedOutput() override;
  // The first table declared (or the --table) is partitioned; any other is an error.
  void Declare(const MergedTable& table) override;
  void Render(MergeItem&) const override {}
  void Write(MergeItem& item) override;
  // Finishes every partition; Commit then renames them all into place.
  void Finish() override;
  void Commit() override;
  RecordSink* streaming_sink() override { return nullptr; }  // files only: a failure leaves none to read
  uint64_t records_out() const override { return records_out_; }
  uint64_t bytes_out() const override;
  size_t partitions() const { return partitions_.size(); }

 private:
  struct Partition;
  Partition& Get(const std::string& value);
  void Flush(Partition& p);
  void WriteByValue(MergeItem& item);
  void WriteByPeriod(MergeItem& item);

  const MergeOptions& options_;
  const MergedTable* table_ = nullptr;  // set on the reading stage before any item of it is written
  size_t field_ = 0;
  std::optional<PeriodBucketing> bucketing_;  // with a period
  std::unordered_map<std::string, size_t> by_value_;
  std::vector<std::unique_ptr<Partition>> partitions_;
  uint64_t records_out_ = 0;
};

}  // namespace recpipe::merge
