#include "cmd/parse_gtfs/block_prefetch.h"

#include <algorithm>

namespace recpipe::parse_gtfs {

BlockPrefetch::BlockPrefetch(Feed& feed, std::vector<const FeedEntry*> files, size_t block_bytes, int threads)
    : feed_(feed), files_(std::move(files)), block_bytes_(block_bytes), slots_(files_.size()) {
  const size_t n =
      std::min({static_cast<size_t>(std::max(threads, 0)), static_cast<size_t>(kMaxThreads), files_.size()});
  window_ = n;
  try {
    for (size_t i = 0; i < n; ++i) threads_.emplace_back([this] { ReadFiles(); });
  } catch (...) {  // no thread to be had: stop those that started, as the destructor would
    Stop();
    throw;
  }
}

BlockPrefetch::~BlockPrefetch() { Stop(); }

void BlockPrefetch::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  room_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void BlockPrefetch::ReadFiles() {
  for (;;) {
    size_t file;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      room_.wait(lock,
                 [&] { return stop_ || next_unclaimed_ >= files_.size() || next_unclaimed_ < current_ + window_; });
      if (stop_ || next_unclaimed_ >= files_.size()) return;
      file = next_unclaimed_++;
    }
    Slot& slot = slots_[file];
    std::exception_ptr error;
    try {
      CsvBlocks blocks(feed_.Open(*files_[file]), block_bytes_);
      std::string block;
      for (;;) {
        if (!blocks.Next(&block)) break;
        std::unique_lock<std::mutex> lock(mutex_);
        room_.wait(lock, [&] { return stop_ || file < current_ || slot.blocks.size() < kBlocksAhead; });
        if (stop_) return;
        if (file < current_) break;  // the pipeline has gone past this file: nobody will take its blocks
        slot.blocks.push_back(std::move(block));
        block = std::string();
        if (!spare_.empty()) {  // CsvBlocks keeps reading into the buffer it is given
          block.swap(spare_.back());
          spare_.pop_back();
        }
        ready_.notify_all();
      }
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    slot.error = error;
    slot.done = true;
    ready_.notify_all();
  }
}

bool BlockPrefetch::NextNow(size_t file, std::string* block) {
  if (now_file_ != file) {
    now_.reset();
    now_file_ = file;
    now_ = std::make_unique<CsvBlocks>(feed_.Open(*files_[file]), block_bytes_);
  }
  if (now_->Next(block)) return true;
  now_.reset();
  return false;
}

bool BlockPrefetch::Next(size_t file, std::string* block) {
  if (threads_.empty()) return NextNow(file, block);
  std::unique_lock<std::mutex> lock(mutex_);
  if (file != current_) {
    for (size_t f = current_; f < file; ++f) slots_[f].blocks.clear();
    current_ = file;
    room_.notify_all();
  }
  Slot& slot = slots_[file];
  ready_.wait(lock, [&] { return !slot.blocks.empty() || slot.done; });
  if (!slot.blocks.empty()) {
    std::string& front = slot.blocks.front();
    block->swap(front);  // front now holds the caller's old buffer: keep it for the threads to fill again
    if (spare_.size() < window_) spare_.push_back(std::move(front));
    slot.blocks.pop_front();
    room_.notify_all();
    return true;
  }
  if (slot.error) {
    std::exception_ptr error = slot.error;
    slot.error = nullptr;
    std::rethrow_exception(error);
  }
  return false;
}

}  // namespace recpipe::parse_gtfs
