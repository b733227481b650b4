// pack: the reading stage cuts the input's records into blocks of one table and about --block-size bytes, workers
// lay each block out by column and compress it, and the writing stage appends the blocks to the container in input
// order. Blocks in flight are bounded by the pipeline, so memory stays flat whatever the input size.
#include <map>
#include <mutex>

#include "cmd/pack/pack.h"
#include "lib/column_image.h"
#include "lib/container_writer.h"
#include "lib/error.h"
#include "lib/frame.h"
#include "lib/frame_source.h"
#include "lib/input_file.h"
#include "lib/ordered_pipeline.h"
#include "lib/output_file.h"
#include "lib/progress.h"

namespace recpipe::pack {
namespace {

struct Table {
  uint32_t id;  // in the container
  Schema schema;
  const TableLayout* layout;
  std::vector<uint16_t> stat_fields;
  uint64_t records = 0;  // reading stage: records cut into blocks so far
};

struct Item {
  Table* table = nullptr;
  Buffer records;  // record bytes back to back, as in a batch payload
  uint32_t count = 0;
  uint64_t first_record = 0;
  uint64_t raw_read = 0;
  Buffer image;
  Buffer frame;
  std::vector<FieldStat> stats;
};

// Cuts the input's batches into blocks at record boundaries.
class BlockCutter {
 public:
  BlockCutter(FrameSource& source, uint64_t block_bytes) : source_(source), block_bytes_(block_bytes) {}

  // Fills item with the next block; on_schema(input table id) runs for each schema frame. False at the end.
  template <typename OnSchema>
  bool Next(Item* item, std::map<uint32_t, Table*>& tables, OnSchema&& on_schema) {
    item->records.clear();
    item->count = 0;
    for (;;) {
      if (rest_.empty()) {
        if (!source_.Next(&frame_)) break;
        if (frame_.type == FrameType::kSchema) {
          on_schema(frame_.table_id);
          continue;
        }
        rest_ = frame_.payload();
        rest_count_ = frame_.count;
        if (rest_.empty()) continue;
      }
      Table* t = tables.at(frame_.table_id);
      if (item->count != 0 && item->table != t) break;  // a block holds one table
      item->table = t;
      // Take records from the current batch until the block is full: as a batch builder seals a batch, the record
      // that crosses the size is the block's last, so that a stream of full batches packs into one block per batch
      // and unpacks to the same bytes.
      const TableLayout& layout = *t->layout;
      size_t take = 0;
      uint32_t n = 0;
      while (take < rest_.size() && n < rest_count_) {
        size_t size = layout.fixed_size() ? layout.record_size() : 4 + Load<uint32_t>(rest_.data() + take);
        if (item->records.size() + take >= block_bytes_) break;
        take += size;
        ++n;
      }
      item->records.Append(rest_.substr(0, take));
      item->count += n;
      rest_.remove_prefix(take);
      rest_count_ -= n;
      if (!rest_.empty()) break;  // the block is full
      if (item->records.size() >= block_bytes_) break;
    }
    if (item->count == 0) return false;
    item->first_record = item->table->records;
    item->table->records += item->count;
    return true;
  }

 private:
  FrameSource& source_;
  uint64_t block_bytes_;
  Frame frame_;
  std::string_view rest_;  // records of frame_ not yet cut into a block
  uint32_t rest_count_ = 0;
};

}  // namespace

void Pack(const PackOptions& options, RunStats& stats, StatsFile& stats_file) {
  const std::string input = options.common.inputs.empty() ? "-" : options.common.inputs[0];
  std::unique_ptr<InputFile> in = InputFile::Open(input, options.common.threads);
  std::unique_ptr<FrameSource> source = OpenFrameSource(*in, options.common.threads);
  OutputFile out(options.common.output);
  if (out.is_terminal()) throw UsageError("will not write a binary container to a terminal; use -o FILE or a pipe");
  ContainerWriter writer(out);

  std::map<uint32_t, Table*> tables;  // input table id -> table; reading stage
  std::vector<std::unique_ptr<Table>> all;
  std::mutex pending_mutex;
  std::vector<Table*> pending;  // schemas seen by the reading stage, not yet written
  std::vector<bool> index_field_found(options.index_fields.size(), false);
  BlockCutter cutter(*source, options.block_bytes);
  Progress progress("pack", in->raw_size(), options.common.progress, options.common.quiet);

  auto write_pending = [&] {
    std::lock_guard<std::mutex> lock(pending_mutex);
    for (Table* t : pending) writer.WriteSchema(t->id, t->schema);
    pending.clear();
  };

  RunOrdered<Item>(
      options.common.threads,
      [&](Item& item) {
        bool more = cutter.Next(&item, tables, [&](uint32_t input_id) {
          auto t = std::make_unique<Table>();
          t->id = static_cast<uint32_t>(all.size());
          t->schema = source->schema(input_id);
          t->layout = &source->layout(input_id);
          t->stat_fields = StatFields(t->schema, options.index_fields);
          for (size_t i = 0; i < options.index_fields.size(); ++i) {
            std::optional<size_t> f = t->schema.FieldIndex(options.index_fields[i]);
            if (!f) continue;
            index_field_found[i] = true;
            // Blocks record the range of integer fields only (recpipe-pack(5)); --where could not use another.
            const Type type = t->schema.fields[*f].type;
            if (!HasStats(type)) {
              throw UsageError(in->name() + ": --index-field " + options.index_fields[i] + ": field '" +
                               options.index_fields[i] + "' of table '" + t->schema.name + "' has type " +
                               std::string(TypeName(type)) + "; only integer fields can be indexed");
            }
          }
          tables[input_id] = t.get();
          std::lock_guard<std::mutex> lock(pending_mutex);
          pending.push_back(t.get());
          all.push_back(std::move(t));
        });
        item.raw_read = in->raw_bytes_read();
        return more;
      },
      [&](Item& item) {
        item.image.clear();
        EncodeColumns(item.table->schema, *item.table->layout, item.records.view(), item.count,
                      item.table->stat_fields, &item.image, &item.stats);
        MakeBlockFrame(item.table->id, item.count, item.first_record, options.codec, options.level,
                       item.image.view(), item.stats, &item.frame);
      },
      [&](Item& item) {
        write_pending();
        writer.WriteBlock(item.table->id, item.frame.view());
        stats.records_in += item.count;
        progress.Update(item.raw_read);
      });
  progress.Finish();
  for (size_t i = 0; i < options.index_fields.size(); ++i) {
    if (!index_field_found[i]) throw UsageError("--index-field: no table has a field '" + options.index_fields[i] + "'");
  }
  write_pending();
  writer.Finish();
  stats.records_out = stats.records_in;
  stats.bytes_in = in->raw_bytes_read();
  stats.bytes_out = out.bytes_written();
  stats_file.Commit(stats);
  out.Commit();
}

}  // namespace recpipe::pack
