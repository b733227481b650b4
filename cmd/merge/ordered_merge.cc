#include "cmd/merge/ordered_merge.h"

#include <algorithm>
#include <utility>

#include "lib/endian.h"
#include "lib/error.h"
#include "lib/frame.h"
#include "lib/progress.h"

namespace recpipe::merge {

struct OrderedMerge::Cursor {
  MergeInput in;
  std::map<uint32_t, const MergedTable*> tables;  // this input's table ids
  // The keyed table's current batch, and the one before it: `prev` may point into either.
  Frame current, previous;
  const TableLayout* layout = nullptr;  // of the keyed table in this input
  const char* next = nullptr;           // the record after `record` in current's payload
  const char* end = nullptr;
  RecordView record{nullptr, 0, nullptr};
  RecordView prev{nullptr, 0, nullptr};
  bool has_prev = false;
  uint64_t number = 0;  // of `record` among this input's records of the keyed table, from 1

  // The record at `next`, which becomes current.
  void Step() {
    if (has_prev || number > 0) {
      prev = record;
      has_prev = true;
    }
    uint32_t size;
    const char* data;
    if (layout->fixed_size()) {
      size = layout->record_size();
      data = next;
    } else {
      size = Load<uint32_t>(next);
      data = next + 4;
    }
    record = RecordView(data, size, layout);
    next = data + size;
    ++number;
  }
};

OrderedMerge::OrderedMerge(const MergeOptions& options, MergeOutput& out, RunStats& stats)
    : options_(options), out_(out), stats_(stats) {
  for (const std::string& path : options_.inputs) {
    auto c = std::make_unique<Cursor>();
    // With threads to spare, each input is read on its own thread; the merge stays serial.
    c->in = OpenMergeInput(path, options_.common.threads, options_.common.threads > 1);
    waiting_.push_back(cursors_.size());
    cursors_.push_back(std::move(c));
  }
}

OrderedMerge::~OrderedMerge() = default;

void OrderedMerge::ChooseKeyedTable(const MergedTable& table, const std::string& input) {
  std::vector<size_t> fields;
  for (const std::string& name : options_.key) {
    std::optional<size_t> f = table.schema.FieldIndex(name);
    if (!f) throw DataError(input + ": table '" + table.schema.name + "' has no field '" + name + "' (-k)");
    fields.push_back(*f);
  }
  keyed_ = &table;
  compare_.emplace(table.layout, std::move(fields));
  builder_.emplace(&out_frames_, table.id, table.layout, options_.batch_bytes);
}

void OrderedMerge::CheckOrder(const Cursor& c) const {
  if (!c.has_prev || (*compare_)(c.prev, c.record) <= 0) return;
  std::string key;
  for (size_t i = 0; i < options_.key.size(); ++i) key += (i ? "," : "") + options_.key[i];
  throw DataError(c.in.name() + ": record " + std::to_string(c.number) + " of table '" + keyed_->schema.name +
                  "' is out of order: its key (" + key + ") sorts before that of record " +
                  std::to_string(c.number - 1));
}

bool OrderedMerge::Advance(Cursor& c) {
  if (c.next == c.end) {
    c.prev = c.record;  // stays valid: its batch becomes `previous` when the next one comes
    c.has_prev = true;
    return false;
  }
  c.Step();
  CheckOrder(c);
  return true;
}

OrderedMerge::Refilled OrderedMerge::Refill(size_t i, MergeItem& item) {
  Cursor& c = *cursors_[i];
  for (;;) {
    if (!c.in.frames->Next(&incoming_)) return Refilled::kEnded;
    if (incoming_.type == FrameType::kSchema) {
      const MergedTable& t = registry_.Join(c.in.frames->schema(incoming_.table_id), c.in.name(),
                                            [&](const MergedTable& made) { out_.Declare(made); });
      c.tables[incoming_.table_id] = &t;
      if (!keyed_ && (!options_.table || t.schema.name == *options_.table)) ChooseKeyedTable(t, c.in.name());
      continue;
    }
    const MergedTable* t = c.tables.at(incoming_.table_id);
    stats_.records_in += incoming_.count;
    if (t != keyed_) {
      item.table = t;
      item.frames.clear();
      item.frames.Append(incoming_.bytes.view());
      item.records = incoming_.count;
      item.retag = incoming_.table_id != t->id;
      return Refilled::kItem;
    }
    if (incoming_.count == 0) continue;
    c.layout = &c.in.frames->layout(incoming_.table_id);
    // The batch just finished becomes `previous` (its last record is `prev`); the one before it is recycled.
    std::swap(c.previous, c.current);
    std::swap(c.current, incoming_);
    std::string_view payload = c.current.payload();
    c.next = payload.data();
    c.end = payload.data() + payload.size();
    c.Step();
    CheckOrder(c);
    return Refilled::kReady;
  }
}

bool OrderedMerge::Next(MergeItem& item) {
  item.rendered_ready = false;
  for (;;) {
    // Inputs whose batch ran out are refilled first: their next record may be the least.
    while (!waiting_.empty()) {
      size_t i = waiting_.front();
      Refilled r = Refill(i, item);
      if (r == Refilled::kItem) return true;
      waiting_.pop_front();
      if (r == Refilled::kReady) PushHeap(i);
    }
    if (heap_.empty()) return TakeOutput(item);  // every input has ended
    while (!heap_.empty()) {
      size_t i = heap_.front();  // the least record
      Cursor& c = *cursors_[i];
      Emit(c.record, *c.layout);
      if (Advance(c)) {
        SiftDownTop();  // i's next record goes where it belongs
      } else {
        PopHeap();
        waiting_.push_back(i);
      }
      if (out_frames_.size() >= options_.batch_bytes && TakeOutput(item)) return true;
      if (!waiting_.empty()) break;
    }
  }
}

bool OrderedMerge::Less(size_t a, size_t b) const {
  int c = (*compare_)(cursors_[a]->record, cursors_[b]->record);
  return c < 0 || (c == 0 && a < b);
}

// std's heap functions keep the greatest on top: "greater" makes it the least.
void OrderedMerge::PushHeap(size_t i) {
  heap_.push_back(i);
  std::push_heap(heap_.begin(), heap_.end(), [this](size_t a, size_t b) { return Less(b, a); });
}

void OrderedMerge::SiftDownTop() {
  const size_t n = heap_.size();
  for (size_t at = 0;;) {
    size_t child = 2 * at + 1;
    if (child >= n) return;
    if (child + 1 < n && Less(heap_[child + 1], heap_[child])) ++child;
    if (!Less(heap_[child], heap_[at])) return;
    std::swap(heap_[child], heap_[at]);
    at = child;
  }
}

size_t OrderedMerge::PopHeap() {
  std::pop_heap(heap_.begin(), heap_.end(), [this](size_t a, size_t b) { return Less(b, a); });
  size_t i = heap_.back();
  heap_.pop_back();
  return i;
}

void OrderedMerge::Emit(const RecordView& record, const TableLayout& layout) {
  if (options_.unique) {
    if (last_view_ && (*compare_)(*last_view_, record) == 0) {
      ++dropped_;
      return;
    }
    last_.assign(record.data(), record.size());
    last_view_.emplace(last_.data(), record.size(), &layout);
  }
  builder_->AddEncoded(std::string_view(record.data(), record.size()));
}

bool OrderedMerge::TakeOutput(MergeItem& item) {
  if (!builder_) return false;
  builder_->Finish();
  if (out_frames_.empty()) return false;
  std::swap(item.frames, out_frames_);  // the builder keeps writing into out_frames_, now the item's old buffer
  out_frames_.clear();
  item.table = keyed_;
  item.records = RecordsInFrames(item.frames.view());
  item.retag = false;
  return true;
}

void OrderedMerge::Finish() const {
  if (options_.table && !keyed_) throw DataError("table '" + *options_.table + "' is not in the input (--table)");
}

std::optional<uint64_t> OrderedMerge::raw_size() const {
  uint64_t n = 0;
  for (const auto& c : cursors_) {
    std::optional<uint64_t> size = c->in.file->raw_size();
    if (!size) return std::nullopt;
    n += *size;
  }
  return n;
}

uint64_t OrderedMerge::raw_bytes_read() const {
  uint64_t n = 0;
  for (const auto& c : cursors_) n += c->in.raw_bytes_read();
  return n;
}

}  // namespace recpipe::merge

namespace recpipe::merge {

void MergeOrdered(const MergeOptions& options, MergeOutput& out, RunStats& stats) {
  OrderedMerge merge(options, out, stats);
  Progress progress("merge", merge.raw_size(), options.common.progress, options.common.quiet);
  RunMergePipeline(options.common.threads, out, progress, [&](MergeItem& item) {
    bool more = merge.Next(item);
    item.raw_read = merge.raw_bytes_read();
    return more;
  });
  progress.Finish();
  merge.Finish();
  stats.bytes_in += merge.raw_bytes_read();
}

}  // namespace recpipe::merge
