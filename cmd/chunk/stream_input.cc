// Record stream input: the reading stage checks frames (StreamReader) and groups batches of one table, workers
// join small batches into ones of --batch-size (records are self-delimiting, so payloads simply concatenate) or
// render them as text, and the writing stage writes them in order. --part keeps a range of each table's records,
// found by a first pass over the frame headers.
#include <algorithm>
#include <map>

#include "cmd/chunk/chunk.h"
#include "lib/batch_builder.h"
#include "lib/batch_grouper.h"
#include "lib/endian.h"
#include "lib/error.h"
#include "lib/frame.h"
#include "lib/ordered_pipeline.h"
#include "lib/progress.h"
#include "lib/record_view.h"
#include "lib/container_reader.h"
#include "lib/frame_source.h"
#include "lib/input_file.h"

namespace recpipe::chunk {
namespace {

struct StreamItem {
  const SinkTable* table = nullptr;
  uint32_t input_table = 0;
  uint64_t records = 0;
  Buffer frames;  // input batch frames of one table
  uint64_t raw_read = 0;
  Buffer out;
  uint64_t records_out = 0;
};

// Records per input table id, from the frame headers alone (seeking over the payloads). Damage is found and
// reported by the main pass, which checks everything.
std::map<uint32_t, uint64_t> CountRecords(InputFile& in) {
  std::map<uint32_t, uint64_t> counts;
  if (LooksLikeContainer(in.Peek(sizeof kContainerMagic))) {
    // A container's index has the counts; the main pass reads the container in order, with the same table ids.
    std::unique_ptr<InputFile> again = InputFile::Open(in.name());
    ContainerReader index(*again, true);
    for (uint32_t id : index.table_order()) counts[id] = index.table(id).records.value_or(0);
    return counts;
  }
  uint64_t size = *in.raw_size();
  uint64_t at = kStreamHeaderSize;
  char h[kFrameHeaderSize];
  while (at + kFrameHeaderSize <= size) {
    if (in.ReadAt(at, h, sizeof h) != sizeof h) break;
    FrameHeader fh = DecodeFrameHeader(h);
    if (fh.type == static_cast<uint8_t>(FrameType::kBatch)) counts[fh.table_id] += fh.count;
    if (fh.type == static_cast<uint8_t>(FrameType::kEnd)) break;
    at += kFrameHeaderSize + fh.length;
  }
  return counts;
}

// Offset in the payload where record `index` starts.
size_t RecordOffset(const TableLayout& layout, std::string_view payload, uint32_t index) {
  if (layout.fixed_size()) return static_cast<size_t>(index) * layout.record_size();
  size_t pos = 0;
  for (uint32_t i = 0; i < index; ++i) pos += 4 + Load<uint32_t>(payload.data() + pos);
  return pos;
}

}  // namespace

void RunStreamInput(const ChunkOptions& options, InputFile& in, RecordSink& sink, RunStats& stats) {
  if (!options.fields.empty() || options.keep_line || !options.types.empty() || options.delimiter) {
    throw UsageError("--fields, --keep-line, --types and --delimiter are for text; " + in.name() +
                     " is a record stream");
  }
  std::map<uint32_t, std::pair<uint64_t, uint64_t>> keep;  // input table id -> records [first, last) to keep
  if (options.part) {
    if (!in.seekable()) {
      throw UsageError("--part on a record stream needs a regular file (the record count comes first); " +
                       in.name() + " is not one");
    }
    auto [k, n] = *options.part;
    for (const auto& [id, count] : CountRecords(in)) keep[id] = {(k - 1) * count / n, k * count / n};
  }

  std::unique_ptr<FrameSource> source = OpenFrameSource(in, options.common.threads);
  FrameSource& reader = *source;
  BatchGrouper groups(reader, options.batch_bytes);
  std::map<uint32_t, const SinkTable*> tables;  // input table id -> output table
  std::map<uint32_t, uint64_t> seen;            // input table id -> records read so far
  const bool text_out = IsText(sink.form());
  Progress progress("chunk", in.raw_size(), options.common.progress, options.common.quiet);

  // Trims a batch to the records --part keeps; returns false when none are kept.
  auto trim = [&](Frame& f) {
    uint64_t first = seen[f.table_id];
    seen[f.table_id] += f.count;
    if (!options.part) return true;
    auto [lo, hi] = keep[f.table_id];
    uint64_t last = first + f.count;
    if (last <= lo || first >= hi || lo >= hi) return false;
    if (first >= lo && last <= hi) return true;
    const TableLayout& layout = reader.layout(f.table_id);
    std::string_view payload = f.payload();
    auto from = static_cast<uint32_t>(std::max(first, lo) - first);
    auto to = static_cast<uint32_t>(std::min(last, hi) - first);
    size_t a = RecordOffset(layout, payload, from);
    size_t b = RecordOffset(layout, payload, to);
    Buffer trimmed;
    AppendFrame(&trimmed, FrameType::kBatch, f.table_id, to - from, payload.substr(a, b - a));
    f.bytes = std::move(trimmed);
    f.count = to - from;
    return true;
  };

  RunOrdered<StreamItem>(
      options.common.threads,
      [&](StreamItem& item) {
        bool more = groups.Next(
            &item.frames, &item.input_table, &item.records,
            [&](uint32_t id) { tables[id] = sink.DeclareTable(reader.schema(id)); },
            [&](Frame& f) {
              stats.records_in += f.count;
              return trim(f);
            });
        if (more) item.table = tables.at(item.input_table);
        item.raw_read = in.raw_bytes_read();
        return more;
      },
      [&](StreamItem& item) {
        // Re-batch under the output table id: records are self-delimiting, so they are copied whole and a frame is
        // sealed whenever it reaches --batch-size, whether that joins small batches or cuts big ones.
        Buffer joined;
        Buffer& target = text_out ? joined : item.out;
        target.clear();
        BatchBuilder builder(&target, item.table->id, item.table->layout, options.batch_bytes);
        item.records_out = Rebatch(item.table->layout, item.frames.view(), builder);
        builder.Finish();
        if (text_out) {
          item.out.clear();
          sink.Render(*item.table, joined.view(), &item.out);
        }
      },
      [&](StreamItem& item) {
        sink.Write(*item.table, item.out, item.records_out);
        progress.Update(item.raw_read);
      });
  progress.Finish();
  // Tables without records still appear in the output, as in the input.
  for (uint32_t id : reader.table_order()) {
    if (!tables.count(id)) tables[id] = sink.DeclareTable(reader.schema(id));
  }
  stats.bytes_in = in.raw_bytes_read();
}

}  // namespace recpipe::chunk
