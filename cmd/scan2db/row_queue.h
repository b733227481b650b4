// The rows of the tree walk (DirTree::Finish) on their way to the SQLite inserts (DbWriter) on another thread, so
// that the walk and the inserts, both serial, run on two cores at the end of a run. Rows travel in batches (a lock
// per batch, not per row) and at most kBatchesAhead batches wait, so the queue holds a few MB whatever the size of
// the tree. A batch keeps its own copy of the names: a row's name may point into the walk's stack.
//
// One producer and one consumer. Close: the producer is done (Pop drains what is left, then returns false).
// Abort: the consumer failed (Push returns false from then on, so that the producer stops early).
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "cmd/scan2db/dir_tree.h"

namespace recpipe::scan2db {

// Rows in walk order: a directories row (Enter) or a directory_stats row (Leave).
class RowBatch {
 public:
  static constexpr size_t kRows = 4096;

  void Add(const DirRow& row, bool leave) {
    items_.push_back(Item{row, leave, names_.size()});
    names_.append(row.name);
  }
  bool full() const { return items_.size() >= kRows; }
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  bool leave(size_t i) const { return items_[i].leave; }
  // The row, its name pointing into this batch.
  DirRow row(size_t i) const {
    DirRow r = items_[i].row;
    r.name = std::string_view(names_).substr(items_[i].name_offset, r.name.size());
    return r;
  }
  void clear() {
    items_.clear();
    names_.clear();
  }

 private:
  struct Item {
    DirRow row;  // name: only its length holds here
    bool leave;
    size_t name_offset;
  };
  std::vector<Item> items_;
  std::string names_;
};

class RowQueue {
 public:
  static constexpr size_t kBatchesAhead = 4;

  // Hands *batch over (it comes back empty, for reuse); waits while kBatchesAhead wait. False once aborted.
  bool Push(RowBatch* batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    room_.wait(lock, [&] { return aborted_ || batches_.size() < kBatchesAhead; });
    if (aborted_) return false;
    batches_.push_back(std::move(*batch));
    *batch = spare_.empty() ? RowBatch() : std::move(spare_.back());
    if (!spare_.empty()) spare_.pop_back();
    ready_.notify_one();
    return true;
  }
  // The next batch into *batch (whose old buffers go back to the producer); false when closed and drained.
  bool Pop(RowBatch* batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [&] { return closed_ || !batches_.empty(); });
    if (batches_.empty()) return false;
    batch->clear();
    spare_.push_back(std::move(*batch));
    *batch = std::move(batches_.front());
    batches_.pop_front();
    room_.notify_one();
    return true;
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    ready_.notify_all();
  }
  void Abort() {
    std::lock_guard<std::mutex> lock(mutex_);
    aborted_ = true;
    room_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;  // a batch came, or the producer closed
  std::condition_variable room_;   // a batch went, or the consumer aborted
  std::deque<RowBatch> batches_;
  std::vector<RowBatch> spare_;  // emptied batches, their capacity kept
  bool closed_ = false;
  bool aborted_ = false;
};

}  // namespace recpipe::scan2db
