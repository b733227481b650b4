// The ordered parallel pipeline every command runs on: a serial stage reads work items in input order, worker
// threads process them in parallel, and a serial stage writes them back in input order. At most `in_flight` items
// exist at once, so memory stays flat whatever the input size, and items are recycled rather than reallocated
// (their buffers keep their capacity). Output is byte-identical for any thread count because only the order-
// preserving stages touch the output.
//
// Built on oneTBB's parallel_pipeline (Debian's libtbb-dev) inside a task_arena of `threads` threads; an exception
// thrown by any stage cancels the pipeline and is rethrown to the caller.
#pragma once

#include <tbb/global_control.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace recpipe {

// Owns every item it ever made, so that items still in flight when a stage throws are freed with the pool.
template <typename Item>
class ItemPool {
 public:
  ItemPool() = default;
  // parallel_pipeline returns (or rethrows) only after every stage has finished; taking the lock makes that
  // ordering visible to ThreadSanitizer, which cannot see inside the uninstrumented libtbb.
  ~ItemPool() {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.clear();
    all_.clear();
  }
  Item* Get() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_.empty()) {
      all_.push_back(std::make_unique<Item>());
      return all_.back().get();
    }
    Item* item = free_.back();
    free_.pop_back();
    return item;
  }
  void Put(Item* item) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(item);
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<Item>> all_;
  std::vector<Item*> free_;
};

// read(Item&) fills the next item and returns false at the end of input (the item is then discarded);
// work(Item&) runs on any thread; write(Item&) runs in input order. Item must be default-constructible; a recycled
// item comes back as its previous user left it, so read() must reset what it uses.
// max_in_flight bounds the items alive at once [0: 2 per thread and 2 more, which keeps every thread busy]; a
// command under a memory limit passes fewer.
template <typename Item>
void RunOrdered(int threads, const std::function<bool(Item&)>& read, const std::function<void(Item&)>& work,
                const std::function<void(Item&)>& write, size_t max_in_flight = 0) {
  ItemPool<Item> pool;
  const size_t in_flight = max_in_flight ? max_in_flight : static_cast<size_t>(threads) * 2 + 2;
  // -j beyond the cores is allowed (and used): lift TBB's default cap on workers, which otherwise also warns.
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, static_cast<size_t>(threads));
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        in_flight,
        tbb::make_filter<void, Item*>(tbb::filter_mode::serial_in_order,
                                      [&](tbb::flow_control& fc) -> Item* {
                                        Item* item = pool.Get();
                                        if (read(*item)) return item;
                                        pool.Put(item);
                                        fc.stop();
                                        return nullptr;
                                      }) &
            tbb::make_filter<Item*, Item*>(tbb::filter_mode::parallel,
                                           [&](Item* item) {
                                             work(*item);
                                             return item;
                                           }) &
            tbb::make_filter<Item*, void>(tbb::filter_mode::serial_in_order, [&](Item* item) {
              write(*item);
              pool.Put(item);
            }));
  });
}

}  // namespace recpipe
