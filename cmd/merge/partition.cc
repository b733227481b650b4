#include "cmd/merge/partition.h"

#include "lib/error.h"
#include "lib/text_format.h"

namespace recpipe::merge {

struct PartitionedOutput::Partition {
  OutputTarget target;
  const SinkTable* table = nullptr;
  Buffer frames;  // sealed batches and the open one
  std::unique_ptr<BatchBuilder> builder;
};

std::string PartitionValueName(const RecordView& record, size_t field, Type type) {
  if (record.IsNull(field)) return "%null";
  std::string name;
  if (IsVariable(type)) {
    std::string_view v = record.GetBytes(field);
    if (v.empty()) return "%empty";
    static const char kHex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < v.size(); ++i) {
      auto c = static_cast<unsigned char>(v[i]);
      if (c == '/' || c == '%' || c < 0x20 || c == 0x7f || (i == 0 && c == '.')) {
        name += '%';
        name += kHex[c >> 4];
        name += kHex[c & 15];
      } else {
        name += static_cast<char>(c);
      }
    }
    return name;
  }
  Buffer text;
  AppendNumber(record, field, type, &text);
  return std::string(text.view());
}

std::string PartitionPath(const std::string& pattern, const std::string& field, const std::string& value) {
  const std::string hole = "{" + field + "}";
  std::string path;
  size_t from = 0;
  for (size_t at; (at = pattern.find(hole, from)) != std::string::npos; from = at + hole.size()) {
    path.append(pattern, from, at - from);
    path += value;
  }
  path.append(pattern, from);
  return path;
}

PartitionedOutput::PartitionedOutput(const MergeOptions& options) : options_(options) {}

PartitionedOutput::~PartitionedOutput() = default;

void PartitionedOutput::Declare(const MergedTable& table) {
  if (table_ || (options_.table && table.schema.name != *options_.table)) {
    throw DataError(table.first_input + ": table '" + table.schema.name +
                    "': --partition-by writes one table, and the inputs have others");
  }
  std::optional<size_t> f = table.schema.FieldIndex(options_.partition_by);
  if (!f) {
    throw DataError(table.first_input + ": table '" + table.schema.name + "' has no field '" + options_.partition_by +
                    "' (--partition-by)");
  }
  field_ = *f;
  if (options_.partition_period) {
    bucketing_.emplace(table.first_input + ": table '" + table.schema.name + "'", table.schema.fields[field_],
                       *options_.partition_period);
  }
  table_ = &table;
}

PartitionedOutput::Partition& PartitionedOutput::Get(const std::string& value) {
  auto it = by_value_.find(value);
  if (it != by_value_.end()) return *partitions_[it->second];
  if (partitions_.size() >= options_.max_partitions) {
    throw DataError("field '" + options_.partition_by + "' has more than " + std::to_string(options_.max_partitions) +
                    (bucketing_ ? " periods" : " values") + " (--max-partitions)");
  }
  auto p = std::make_unique<Partition>();
  p->target = OpenOutputTarget(PartitionPath(options_.common.output, options_.partition_by, value), options_.common,
                              options_.codec);
  p->table = p->target.sink->DeclareTable(table_->schema);
  p->builder = std::make_unique<BatchBuilder>(&p->frames, p->table->id, p->table->layout, options_.batch_bytes);
  by_value_.emplace(value, partitions_.size());
  partitions_.push_back(std::move(p));
  return *partitions_.back();
}

void PartitionedOutput::Flush(Partition& p) {
  p.builder->Finish();
  if (p.frames.empty()) return;
  p.target.sink->WriteFrames(*p.table, p.frames);
  p.frames.clear();
}

void PartitionedOutput::Write(MergeItem& item) {
  if (bucketing_) {
    WriteByPeriod(item);
  } else {
    WriteByValue(item);
  }
  records_out_ += item.records;
  size_t held = 0;
  for (const auto& q : partitions_) held += q->frames.size();
  if (held > kHeldBatches * options_.batch_bytes) {
    for (auto& q : partitions_) Flush(*q);
  }
}

void PartitionedOutput::WriteByValue(MergeItem& item) {
  const Type type = table_->layout.slot(field_).type;
  // Consecutive records often share a value: look the partition up only when it changes.
  std::string last_value;
  Partition* p = nullptr;
  ForEachRecordInFrames(table_->layout, item.frames.view(), [&](const RecordView& r) {
    std::string value = PartitionValueName(r, field_, type);
    if (!p || value != last_value) {
      p = &Get(value);
      last_value = std::move(value);
    }
    p->builder->AddEncoded(std::string_view(r.data(), r.size()));
    if (p->frames.size() >= options_.batch_bytes) Flush(*p);
  });
}

void PartitionedOutput::WriteByPeriod(MergeItem& item) {
  // Consecutive records are mostly of one period: the name is made only when the period changes.
  std::optional<int64_t> last;  // nullopt: null, or no record yet
  Partition* p = nullptr;
  uint64_t number = records_out_;
  ForEachRecordInFrames(table_->layout, item.frames.view(), [&](const RecordView& r) {
    ++number;
    std::optional<int64_t> period;
    if (!r.IsNull(field_)) {
      period = bucketing_->Bucket(r, field_);
      if (!period) {
        Buffer value;
        AppendNumber(r, field_, table_->layout.slot(field_).type, &value);
        throw DataError("table '" + table_->schema.name + "', record " + std::to_string(number) +
                        " of the merged output: field '" + options_.partition_by + "': " + std::string(value.view()) +
                        " (" + std::string(bucketing_->unit_name()) +
                        ") is outside the years 0000 to 9999 that a partition name can show");
      }
    }
    if (!p || period != last) {
      p = &Get(period ? bucketing_->Name(*period) : "%null");
      last = period;
    }
    p->builder->AddEncoded(std::string_view(r.data(), r.size()));
    if (p->frames.size() >= options_.batch_bytes) Flush(*p);
  });
}

void PartitionedOutput::Finish() {
  for (auto& p : partitions_) {
    Flush(*p);
    p->target.sink->Finish();
  }
}

void PartitionedOutput::Commit() {
  for (auto& p : partitions_) p->target.file->Commit();
}

uint64_t PartitionedOutput::bytes_out() const {
  uint64_t n = 0;
  for (const auto& p : partitions_) n += p->target.file->bytes_written();
  return n;
}

}  // namespace recpipe::merge
