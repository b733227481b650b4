// pack -d: the reading stage picks the blocks to load (through the index on a regular file, so unselected blocks
// are never read; in file order from a pipe), workers decompress and decode each block and keep the selected
// records, and the writing stage writes them in container order. A plain record stream is passed through the
// same selection.
#include <iostream>
#include <map>
#include <utility>
#include <vector>

#include "cmd/pack/pack.h"
#include "cmd/pack/selection.h"
#include "lib/container_reader.h"
#include "lib/error.h"
#include "lib/finish_run.h"
#include "lib/frame.h"
#include "lib/input_file.h"
#include "lib/ordered_pipeline.h"
#include "lib/output_file.h"
#include "lib/progress.h"
#include "lib/record_sink.h"
#include "lib/run_command.h"
#include "lib/stream_reader.h"

namespace recpipe::pack {
namespace {

struct Item {
  Frame block;
  uint64_t block_number = 0;
  uint64_t first_record = 0;
  const SinkTable* table = nullptr;
  Buffer batch;     // the block's records as a batch frame, after the selection
  Buffer rendered;  // text output
  uint64_t records = 0;
  bool damaged = false;
  std::string damage;
  std::vector<std::string> skipped;  // damage passed over before this block, reported before it
  uint64_t raw_read = 0;
};

// A reader's tables so far, in order, as a selection is resolved against them.
using TableList = std::vector<std::pair<uint32_t, const Schema*>>;
// Damage passed over with --skip-damaged is a warning like any other: -q silences it (--stats still counts the
// records lost, as errors_skipped).
void WarnUnlessQuiet(const PackOptions& options, const std::string& message) {
  if (!options.common.quiet) Warn("pack", message);
}

TableList TablesOf(const StreamReader& r) {
  TableList out;
  for (uint32_t id : r.table_order()) out.emplace_back(id, &r.schema(id));
  return out;
}
TableList TablesOf(const ContainerReader& r) {
  TableList out;
  for (uint32_t id : r.table_order()) out.emplace_back(id, &r.table(id).schema);
  return out;
}

bool HasTable(const StreamReader& r, const std::string& name) {
  for (uint32_t id : r.table_order()) {
    if (r.schema(id).name == name) return true;
  }
  return false;
}

void UnpackStream(InputFile& in, const PackOptions& options, RecordSink& sink, RunStats& stats) {
  if (options.selection.blocks) throw UsageError(in.name() + " is a plain record stream: it has no blocks (--blocks)");
  StreamReader reader(in, in.name());
  std::map<uint32_t, const SinkTable*> tables;
  std::optional<ResolvedSelection> selection;
  std::map<uint32_t, uint64_t> seen;
  Frame frame;
  Buffer batch;
  while (reader.Next(&frame)) {
    if (frame.type == FrameType::kSchema) {
      // A table announced after the selection was resolved (as merge and bam2cols write a second table after the
      // first one's batches) is declared when it comes.
      if (selection && selection->WantsTable(frame.table_id)) {
        tables[frame.table_id] = sink.DeclareTable(reader.schema(frame.table_id));
      }
      continue;
    }
    if (!selection) {
      // A stream announces its tables as it goes. The selection is resolved against those seen by the first batch,
      // or with --table by the first batch after that table's schema: the batches before it are of other tables.
      if (options.selection.table && !HasTable(reader, *options.selection.table)) continue;
      selection.emplace(options.selection, TablesOf(reader));
      for (uint32_t id : reader.table_order()) {
        if (selection->WantsTable(id)) tables[id] = sink.DeclareTable(reader.schema(id));
      }
    }
    if (!tables.count(frame.table_id)) continue;
    uint64_t first = seen[frame.table_id];
    seen[frame.table_id] += frame.count;
    stats.records_in += frame.count;
    batch.clear();
    batch.Append(frame.bytes.view());
    selection->FilterBatch(reader.layout(frame.table_id), first, &batch);
    sink.WriteFrames(*tables[frame.table_id], batch);
  }
  if (!selection) {
    ResolvedSelection s(options.selection, TablesOf(reader));
    for (uint32_t id : reader.table_order()) {
      if (s.WantsTable(id)) sink.DeclareTable(reader.schema(id));
    }
  }
  stats.bytes_in = reader.bytes_read();
}

}  // namespace

void Unpack(const PackOptions& options, RunStats& stats, StatsFile& stats_file) {
  const std::string input = options.common.inputs.empty() ? "-" : options.common.inputs[0];
  std::unique_ptr<InputFile> in = InputFile::Open(input, options.common.threads);
  OutputFile out(options.common.output);
  RecordSink sink(out, ResolveOutputForm(options.common, out.is_terminal()));
  const bool text = IsText(sink.form());
  try {
    if (!LooksLikeContainer(in->Peek(sizeof kContainerMagic))) {
      UnpackStream(*in, options, sink, stats);
    } else {
      // The index is used on regular files. A damaged one (or trailer) is an error before any output, unless
      // --skip-damaged, which then reads the blocks in order instead: the index only lists the frames, so nothing
      // is lost with it.
      auto reader = std::make_unique<ContainerReader>(*in, ContainerReader::IndexUse::kFallBack);
      if (!reader->index_damage().empty()) {
        if (!options.skip_damaged) {
          const std::string& why = reader->index_damage();
          if (why.find("--skip-damaged") != std::string::npos) throw DataError(why);
          throw DataError(why + " (pack -d --skip-damaged reads the blocks in order, without the index)");
        }
        WarnUnlessQuiet(options, reader->index_damage() + "; reading the blocks in order");
      }
      reader->set_skip_damaged(options.skip_damaged);
      std::map<uint32_t, const SinkTable*> tables;
      std::optional<ResolvedSelection> selection;
      auto resolve = [&] {
        selection.emplace(options.selection, TablesOf(*reader));
      };
      if (reader->indexed()) {
        resolve();
        for (uint32_t id : reader->table_order()) {
          if (selection->WantsTable(id)) tables[id] = sink.DeclareTable(reader->table(id).schema);
        }
      }
      size_t next_entry = 0;
      uint64_t block_count = 0;
      uint64_t damaged = 0, lost = 0;
      std::vector<std::string> skipped;  // damage the reading stage passed over, not yet handed to an item
      auto take_note = [&](std::string note) {
        // Reading in order meets the damage that made the index unusable again: it was reported already.
        const std::string& first = reader->index_damage();
        const size_t place = first.empty() ? std::string::npos : first.find(": ", first.find(": byte ") + 7);
        if (place == std::string::npos || note.compare(0, place, first, 0, place) != 0)
          skipped.push_back(std::move(note));
      };
      Progress progress("pack", reader->file_size(), options.common.progress, options.common.quiet);

      // Fills item with the next block to load; false at the end.
      auto read_indexed = [&](Item& item) {
        const auto& entries = reader->entries();
        while (next_entry < entries.size()) {
          const IndexEntry& e = entries[next_entry++];
          if (e.type != kBlockFrame) continue;
          const uint64_t number = block_count++;
          if (!selection->WantsBlock(e.table_id, number, e.block.first_record, e.count, e.block.stats)) continue;
          try {
            reader->ReadEntry(e, number, &item.block);
          } catch (const DataError& err) {
            if (!options.skip_damaged) throw;
            skipped.push_back(err.what());
            ++damaged;
            lost += e.count;
            continue;
          }
          item.block_number = number;
          item.first_record = e.block.first_record;
          return true;
        }
        return false;
      };
      auto read_in_order = [&](Item& item) {
        uint64_t number = 0;
        while (reader->Next(&item.block, &number)) {
          if (item.block.type == FrameType::kSchema) {
            if (!selection) {
              // Tables are resolved as they appear; a --table naming a later one is found when it comes.
              try {
                selection.emplace(options.selection, TablesOf(*reader));
              } catch (const UsageError&) {
                continue;  // not there yet
              }
              for (uint32_t id : reader->table_order()) {
                if (selection->WantsTable(id)) tables[id] = sink.DeclareTable(reader->table(id).schema);
              }
            } else if (selection->WantsTable(item.block.table_id)) {
              tables[item.block.table_id] = sink.DeclareTable(reader->table(item.block.table_id).schema);
            }
            continue;
          }
          BlockHeader bh = DecodeBlockHeader(item.block.payload(), "block header");
          if (!selection || !selection->WantsBlock(item.block.table_id, number, bh.first_record, item.block.count,
                                                   bh.stats)) {
            continue;
          }
          item.block_number = number;
          item.first_record = bh.first_record;
          return true;
        }
        return false;
      };

      RunOrdered<Item>(
          options.common.threads,
          [&](Item& item) {
            bool more = reader->indexed() ? read_indexed(item) : read_in_order(item);
            for (std::string& note : reader->TakeDamageNotes()) take_note(std::move(note));
            // Past the last block, the notes are written after the pipeline.
            if (more) item.skipped = std::exchange(skipped, {});
            if (more) item.table = tables.at(item.block.table_id);
            item.raw_read = reader->bytes_read();
            return more;
          },
          [&](Item& item) {
            item.batch.clear();
            item.damaged = false;
            try {
              reader->DecodeBlock(item.block, item.block_number, &item.batch);
            } catch (const DataError& err) {
              if (!options.skip_damaged) throw;
              item.damaged = true;
              item.damage = err.what();
              return;
            }
            selection->FilterBatch(*reader->table(item.block.table_id).layout, item.first_record, &item.batch);
            item.records = RecordsInFrames(item.batch.view());
            if (text) {
              item.rendered.clear();
              sink.Render(*item.table, item.batch.view(), &item.rendered);
            }
          },
          [&](Item& item) {
            // Warnings are written here, in container order, so that they come out the same for any -j.
            for (const std::string& note : item.skipped) WarnUnlessQuiet(options, note + "; skipped");
            stats.records_in += item.block.count;
            if (item.damaged) {
              WarnUnlessQuiet(options, item.damage + "; skipped");
              ++damaged;
              lost += item.block.count;
              return;
            }
            sink.Write(*item.table, text ? item.rendered : item.batch, item.records);
            progress.Update(item.raw_read);
          });
      progress.Finish();
      if (!selection) {
        // No table of the selection's was found (or the container has none): resolving now reports why.
        resolve();
        for (uint32_t id : reader->table_order()) {
          if (selection->WantsTable(id)) sink.DeclareTable(reader->table(id).schema);
        }
      }
      for (std::string& note : reader->TakeDamageNotes()) take_note(std::move(note));
      for (const std::string& note : skipped) WarnUnlessQuiet(options, note + "; skipped");
      damaged += reader->damaged_blocks();
      lost += reader->records_lost();
      if (options.skip_damaged && (damaged || lost || reader->lost_unknown_tail())) {
        const uint64_t schemaless = reader->schemaless_blocks();
        std::string summary = in->name() + ": " + std::to_string(damaged) + " damaged block" + (damaged == 1 ? "" : "s") +
                              " skipped, ";
        if (schemaless) {
          summary += std::to_string(schemaless) + " block" + (schemaless == 1 ? "" : "s") +
                     " of a table whose schema is damaged skipped, ";
        }
        if (reader->lost_unknown_tail()) {
          // Never "0 records lost" when the count is not known.
          summary += "at least " + std::to_string(lost) + " record" + (lost == 1 ? "" : "s") +
                     " lost, and how many more is unknown: " + reader->lost_unknown_why();
        } else {
          summary += std::to_string(lost) + " record" + (lost == 1 ? "" : "s") + " lost";
        }
        WarnUnlessQuiet(options, summary);
      }
      stats.errors_skipped = lost;
      stats.bytes_in = reader->bytes_read();
    }
    FinishRun(sink, out, stats, stats_file);
  } catch (...) {
    ReportFailure("pack", {&sink});
    throw;
  }
}

}  // namespace recpipe::pack
