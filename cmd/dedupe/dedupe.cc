#include "cmd/dedupe/dedupe.h"

#include <malloc.h>

#include <algorithm>
#include <cerrno>

#include "lib/batch_builder.h"
#include "lib/batch_grouper.h"
#include "lib/endian.h"
#include "lib/error.h"
#include "lib/frame.h"
#include "lib/ordered_pipeline.h"
#include "lib/progress.h"
#include "lib/record_view.h"
#include "lib/run_stats.h"
#include "lib/frame_source.h"

namespace recpipe::dedupe {
namespace {

// New keys handed to the index at once when the output is a stream: large transactions keep SQLite fast. Under
// --memory, fewer: the keys waiting (and those being stored) count against the limit.
constexpr size_t kIndexFlush = 1 << 20;
constexpr size_t kIndexFlushBounded = 1 << 17;



struct Item {
  uint32_t input_table = 0;
  const void* table = nullptr;  // the Deduplicator::Table, set by the reading stage
  const TableLayout* layout = nullptr;
  Buffer frames;  // input batch frames of one table
  uint64_t records = 0;
  uint64_t raw_read = 0;
  // Filled by the workers for the table being deduplicated: each record and its key's fingerprint.
  std::vector<std::string_view> views;
  std::vector<Fingerprint> fingerprints;
  // With --exact, the keys themselves: key i is keys[key_ends[i-1] .. key_ends[i]).
  std::string keys;
  std::vector<size_t> key_ends;
};

// --exact: record i's key among the item's keys.
std::string_view ExactKey(const Item& item, size_t i) {
  size_t begin = i == 0 ? 0 : item.key_ends[i - 1];
  return std::string_view(item.keys).substr(begin, item.key_ends[i] - begin);
}

// A key's bytes: per key field a null flag, then the value (fixed-width bytes, or a length and the bytes), so
// that different values never encode alike.
void AppendKey(const RecordView& r, const TableLayout& layout, const std::vector<size_t>& fields, std::string* key) {
  for (size_t f : fields) {
    bool null = r.IsNull(f);
    key->push_back(null ? 1 : 0);
    if (null) continue;
    const TableLayout::Slot& slot = layout.slot(f);
    if (IsVariable(slot.type)) {
      std::string_view v = r.GetBytes(f);
      char len[4];
      Store<uint32_t>(len, static_cast<uint32_t>(v.size()));
      key->append(len, 4);
      key->append(v);
    } else {
      key->append(r.data() + slot.offset, static_cast<size_t>(TypeWidth(slot.type)));
    }
  }
}

}  // namespace

Deduplicator::Deduplicator(const DedupeOptions& options, RecordSink& out, RecordSink* dups, KeyIndex* index,
                           bool pending_run, RunStats& stats)
    : options_(options), out_(out), dups_(dups), index_(index), pending_run_(pending_run), stats_(stats) {
  // Under --memory the index stays on disk and is asked batch by batch; otherwise it is read into the set.
  if (index_ && !options_.memory) index_->LoadInto(&seen_);
  if (index_ && options_.memory) index_->LimitCache(1024);
  if (options_.memory) {
    // An eighth of the limit for the filter over spilled keys: at 64M, 8 MiB, whose false positives are about
    // 2.4% with 8 million keys spilled and 16% with 16 million. Near the least limit, less: the rest of the
    // process (batches in flight, SQLite's caches) takes up to 44 MiB whatever the limit, and the set needs room.
    uint64_t filter = std::min(options_.memory / 8, (options_.memory - kBaseMemory) / 2);
    size_t filter_bytes = static_cast<size_t>(std::max(filter, uint64_t{1} << 20));
    if (options_.exact) {
      exact_spilled_ = std::make_unique<ExactSpillStore>(filter_bytes);
    } else {
      spilled_ = std::make_unique<SpillStore>(filter_bytes);
    }
    if (options_.count) count_store_ = std::make_unique<CountStore>();
  }
}

Deduplicator::Table& Deduplicator::Declare(const Schema& schema, const std::string& input) {
  auto it = tables_.find(schema.name);
  if (it != tables_.end()) {
    const Schema& known = it->second.out->schema;
    if (known.fields != schema.fields) {
      throw DataError(input + ": table '" + schema.name + "' has other fields than in " + it->second.first_input);
    }
    return it->second;
  }
  Table t;
  t.first_input = input;
  t.keyed = options_.table ? schema.name == *options_.table : !found_keyed_;
  if (t.keyed) {
    found_keyed_ = true;
    for (const std::string& name : options_.key) {
      std::optional<size_t> f = schema.FieldIndex(name);
      if (!f) throw DataError(input + ": table '" + schema.name + "' has no field '" + name + "' (-k)");
      t.key_fields.push_back(*f);
    }
  }
  Schema out_schema = schema;
  if (t.keyed && options_.count) {
    if (schema.FieldIndex("count")) {
      throw DataError(input + ": table '" + schema.name + "' has a field 'count' already (--count)");
    }
    out_schema.fields.push_back(Field{"count", Type::kU64, false});
  }
  t.out = out_.DeclareTable(out_schema);
  if (dups_ && t.keyed) t.dups = dups_->DeclareTable(schema);
  Table& stored = tables_.emplace(schema.name, std::move(t)).first->second;
  if (stored.keyed) keyed_ = &stored;
  return stored;
}

bool Deduplicator::OverMemoryBudget() const {
  // Everything but the set (batches in flight, whose size depends on the records, SQLite's cache, the program)
  // is measured as it is now, so the set gets what is really left. A margin covers the next group of batches.
  constexpr uint64_t kMargin = uint64_t{12} << 20;
  uint64_t rss = CurrentRssBytes();
  // --exact: memory not resident yet but sure to come, kept free: the spill store's filter and cache at its first
  // spill, the next rehash of the set and the sorted list a spill makes of it. (The fingerprint set drains shard
  // by shard as it spills, which leaves room for the filter; measured, it keeps the limit without this.)
  uint64_t coming = 0;
  if (exact_spilled_) {
    coming +=
        exact_spilled_->unspent_bytes() + exact_seen_.growth_bytes() + ExactSpillStore::SpillBytes(exact_seen_.size());
  }
  // A set that is nearly empty is not worth spilling: what is over the limit then is something else.
  bool worth = options_.exact ? exact_seen_.size() >= 4096 : seen_.memory_bytes() > (uint64_t{1} << 20);
  return rss + kMargin + coming > options_.memory && worth;
}

void Deduplicator::Run(InputFile& in) {
  std::unique_ptr<FrameSource> source = OpenFrameSource(in, options_.common.threads);
  FrameSource& reader = *source;
  BatchGrouper groups(reader, options_.batch_bytes);
  std::map<uint32_t, Table*> by_id;  // this input's table ids
  Progress progress("dedupe", in.raw_size(), options_.common.progress, options_.common.quiet);
  Buffer out_frames, dup_frames;
  std::vector<bool> on_disk, found;  // writing stage: --memory look-ups
  std::vector<Fingerprint> candidates;
  std::vector<std::string_view> exact_candidates;
  std::vector<size_t> candidate_index;

  RunOrdered<Item>(
      options_.common.threads,
      [&](Item& item) {
        bool more = groups.Next(
            &item.frames, &item.input_table, &item.records,
            [&](uint32_t id) { by_id[id] = &Declare(reader.schema(id), in.name()); },
            [](const Frame&) { return true; });
        if (more) {
          // Pointers, not look-ups: the reading stage inserts into these maps while the others run.
          item.table = by_id.at(item.input_table);
          item.layout = &reader.layout(item.input_table);
        }
        item.raw_read = in.raw_bytes_read();
        return more;
      },
      [&](Item& item) {
        // Workers: the records and their key fingerprints (only for the table being deduplicated).
        item.views.clear();
        item.fingerprints.clear();
        item.keys.clear();
        item.key_ends.clear();
        const Table& t = *static_cast<const Table*>(item.table);
        if (!t.keyed) return;
        const TableLayout& layout = *item.layout;
        std::string key;
        ForEachRecordInFrames(layout, item.frames.view(), [&](const RecordView& r) {
          std::string_view bytes(r.data(), r.size());
          item.views.push_back(bytes);
          if (t.key_fields.empty()) {
            item.fingerprints.push_back(FingerprintOf(bytes));
            if (options_.exact) item.keys.append(bytes);
          } else {
            key.clear();
            AppendKey(r, layout, t.key_fields, &key);
            item.fingerprints.push_back(FingerprintOf(key));
            if (options_.exact) item.keys.append(key);
          }
          if (options_.exact) item.key_ends.push_back(item.keys.size());
        });
      },
      [&](Item& item) {
        // In input order: the first record of each key goes out, later ones are dropped (or go to --dups).
        const Table& t = *static_cast<const Table*>(item.table);
        stats_.records_in += item.records;
        out_frames.clear();
        if (!t.keyed) {
          BatchBuilder b(&out_frames, t.out->id, t.out->layout, options_.batch_bytes);
          Rebatch(t.out->layout, item.frames.view(), b);
          b.Finish();
        } else {
          dup_frames.clear();
          BatchBuilder b(&out_frames, t.out->id, t.out->layout, options_.batch_bytes);
          std::optional<BatchBuilder> d;
          if (t.dups) d.emplace(&dup_frames, t.dups->id, t.dups->layout, options_.batch_bytes);
          uint64_t kept = 0;
          // With --memory: which of this group's keys, not in memory, are on disk (spilled, or in the index).
          on_disk.assign(item.views.size(), false);
          const bool spilled = (spilled_ && !spilled_->empty()) || (exact_spilled_ && !exact_spilled_->empty());
          const bool index_on_disk = index_ && options_.memory;
          if (spilled || index_on_disk) {
            candidates.clear();
            exact_candidates.clear();
            candidate_index.clear();
            for (size_t i = 0; i < item.views.size(); ++i) {
              if (options_.exact) {
                std::string_view key = ExactKey(item, i);
                if (exact_seen_.Contains(key)) continue;
                exact_candidates.push_back(key);
              } else if (seen_.Contains(item.fingerprints[i])) {
                continue;
              }
              candidates.push_back(item.fingerprints[i]);
              candidate_index.push_back(i);
            }
            auto mark = [&] {
              for (size_t c = 0; c < candidates.size(); ++c) {
                if (found[c]) on_disk[candidate_index[c]] = true;
              }
            };
            if (exact_spilled_ && !exact_spilled_->empty()) {
              exact_spilled_->Lookup(exact_candidates, candidates, &found);
              mark();
            }
            if (spilled_ && !spilled_->empty()) {
              spilled_->Lookup(candidates, &found);
              mark();
            }
            if (index_on_disk) {
              index_->Lookup(candidates, &found);
              mark();
            }
          }
          // How far ahead to prefetch set slots: enough misses in flight to hide memory latency.
          constexpr size_t kAhead = 16;
          for (size_t i = 0; i < std::min(kAhead, item.fingerprints.size()); ++i) seen_.Prefetch(item.fingerprints[i]);
          for (size_t i = 0; i < item.views.size(); ++i) {
            if (i + kAhead < item.fingerprints.size()) seen_.Prefetch(item.fingerprints[i + kAhead]);
            bool first;
            if (options_.exact) {
              first = !on_disk[i] && exact_seen_.Insert(ExactKey(item, i));
            } else {
              first = !on_disk[i] && seen_.Insert(item.fingerprints[i]);
            }
            if (options_.count) {
              if (!count_store_) ++counts_[item.fingerprints[i]];
              if (first) Spill(item.views[i], item.fingerprints[i]);
            }
            if (first) {
              if (!options_.count) b.AddEncoded(item.views[i]);
              ++kept;
              if (index_) index_->Add(item.fingerprints[i]);
            } else if (d) {
              d->AddEncoded(item.views[i]);
            }
          }
          b.Finish();
          if (count_store_) {
            count_scratch_ = item.fingerprints;
            count_store_->Add(&count_scratch_);
          }
          dropped_ += item.views.size() - kept;
          if (options_.memory && OverMemoryBudget()) {
            if (exact_spilled_) {
              exact_spilled_->Spill(&exact_seen_);
            } else {
              spilled_->Spill(&seen_);
            }
            malloc_trim(0);  // the set's old tables go back to the system, not just to malloc's free lists
          }
          if (d) {
            d->Finish();
            dups_->WriteFrames(*t.dups, dup_frames);
          }
        }
        // With --count the table is written at the end, with its counts.
        if (!(t.keyed && options_.count)) out_.WriteFrames(*t.out, out_frames);
        // Written to a pipe, the records are on their way: their keys are stored as the run's pending keys now,
        // while the next batches are read, and become seen only with --commit. Into a file, they wait for its
        // rename; under --memory, on disk.
        if (index_ && index_->pending() >= (options_.memory ? kIndexFlushBounded : kIndexFlush)) {
          if (pending_run_) {
            index_->CommitInBackground();
          } else if (options_.memory) {
            index_->Park();
          }
        }
        progress.Update(item.raw_read);
      },
      // Under --memory, one group of batches per thread and one more: each costs its batches and two words per
      // record, memory the key set then does not get.
      options_.memory ? static_cast<size_t>(options_.common.threads) + 1 : 0);
  progress.Finish();
  // Tables declared without records still appear in the output.
  for (uint32_t id : reader.table_order()) {
    if (!by_id.count(id)) Declare(reader.schema(id), in.name());
  }
  stats_.bytes_in += in.raw_bytes_read();
}

Deduplicator::~Deduplicator() {
  if (spill_) std::fclose(spill_);
}

void Deduplicator::Spill(std::string_view record, const Fingerprint& fp) {
  if (!spill_) {
    spill_ = std::tmpfile();  // in TMPDIR, removed when closed or when the process ends
    if (!spill_) ThrowSystemError("dedupe: temporary file for --count", errno);
  }
  uint32_t n = static_cast<uint32_t>(record.size());
  if (std::fwrite(&n, sizeof n, 1, spill_) != 1 || std::fwrite(record.data(), 1, n, spill_) != n ||
      std::fwrite(&fp, sizeof fp, 1, spill_) != 1) {
    ThrowSystemError("dedupe: temporary file for --count", errno);
  }
}

void Deduplicator::WriteCounted() {
  if (!keyed_ || !spill_) return;
  if (std::fflush(spill_) != 0 || std::fseek(spill_, 0, SEEK_SET) != 0) {
    ThrowSystemError("dedupe: temporary file for --count", errno);
  }
  // The count is the last fixed-width field: it goes between the input record's fixed and variable parts.
  const TableLayout& layout = keyed_->out->layout;  // the output's, count included
  const uint32_t fixed_end = layout.bitmap_bytes() + layout.fixed_bytes() - 8;
  Buffer frames, record;
  std::string bytes;
  BatchBuilder b(&frames, keyed_->out->id, keyed_->out->layout, options_.batch_bytes);
  auto flush = [&] {  // batch by batch, so that memory stays flat
    b.Finish();
    out_.WriteFrames(*keyed_->out, frames);
    frames.clear();
  };
  uint32_t n;
  while (std::fread(&n, sizeof n, 1, spill_) == 1) {
    bytes.resize(n);
    Fingerprint fp;
    if (std::fread(bytes.data(), 1, n, spill_) != n || std::fread(&fp, sizeof fp, 1, spill_) != 1) {
      throw DataError("dedupe: temporary file for --count: cut short");
    }
    record.clear();
    record.Append(bytes.data(), fixed_end);
    char count[8];
    Store<uint64_t>(count, count_store_ ? count_store_->Count(fp) : counts_.at(fp));
    record.Append(count, 8);
    record.Append(bytes.data() + fixed_end, n - fixed_end);
    b.AddEncoded(record.view());
    if (frames.size() >= options_.batch_bytes) flush();
  }
  if (std::ferror(spill_)) ThrowSystemError("dedupe: temporary file for --count", errno);
  flush();
}

void Deduplicator::Finish() {
  if (options_.table && !found_keyed_) {
    throw DataError("table '" + *options_.table + "' is not in the input (--table)");
  }
  // No input is left: the set and the spill store go before the counted table is written and the caller commits
  // the index, whose work needs memory of its own under the same --memory limit.
  seen_.Clear();
  spilled_.reset();
  exact_seen_.Clear();
  exact_spilled_.reset();
  if (options_.memory) malloc_trim(0);
  if (options_.count) WriteCounted();
}

}  // namespace recpipe::dedupe
