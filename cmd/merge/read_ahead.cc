#include "cmd/merge/read_ahead.h"

#include <utility>

namespace recpipe::merge {

ReadAheadSource::ReadAheadSource(std::unique_ptr<FrameSource> source, InputFile& file, size_t depth)
    : source_(std::move(source)), file_(file), depth_(depth < 1 ? 1 : depth), name_(source_->name()) {
  thread_ = std::thread([this] { Read(); });
}

ReadAheadSource::~ReadAheadSource() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void ReadAheadSource::Read() {
  for (;;) {
    Entry e;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return stop_ || ready_.size() < depth_; });
      if (stop_) return;
      if (!spare_.empty()) {
        e.frame.bytes = std::move(spare_.back());
        spare_.pop_back();
      }
    }
    try {
      if (source_->Next(&e.frame)) {
        if (e.frame.type == FrameType::kSchema) e.schema = source_->schema(e.frame.table_id);
      } else {
        e.kind = Entry::kEnd;
      }
    } catch (...) {
      e.kind = Entry::kError;
      e.error = std::current_exception();
    }
    e.raw_read = file_.raw_bytes_read();
    bool last = e.kind != Entry::kFrame;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ready_.push_back(std::move(e));
    }
    changed_.notify_all();
    if (last) return;
  }
}

bool ReadAheadSource::Next(Frame* frame) {
  if (ended_) return false;
  Entry e;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty(); });
    e = std::move(ready_.front());
    ready_.pop_front();
    // The consumer's old buffer is reused; it gets a fresh one (a moved-from Buffer must not be written to).
    spare_.push_back(std::exchange(frame->bytes, Buffer()));
  }
  changed_.notify_all();
  raw_read_ = e.raw_read;
  if (e.kind == Entry::kError) {
    ended_ = true;
    std::rethrow_exception(e.error);
  }
  if (e.kind == Entry::kEnd) {
    ended_ = true;
    return false;
  }
  *frame = std::move(e.frame);
  if (frame->type == FrameType::kSchema) {
    Table& t = tables_[frame->table_id];
    t.layout = std::make_unique<TableLayout>(*e.schema);
    t.schema = std::move(*e.schema);
    order_.push_back(frame->table_id);
  } else {
    tables_.at(frame->table_id).records += frame->count;
  }
  return true;
}

}  // namespace recpipe::merge
