// Reads a feed's planned files into blocks of whole rows (csv_blocks.h) ahead of the pipeline, on threads of its
// own, so that the pipeline's serial reading stage only takes finished blocks and inflating overlaps with parsing
// on every thread. Each file is inflated and cut by one thread; with several threads the next files are read while
// the pipeline is still on an earlier one (the small files after stop_times are ready when it ends).
//
// Memory stays bounded whatever the feed's size: a thread reads a file only while it is among the `threads` files
// from the one the pipeline is on, and stops when kBlocksAhead of its blocks wait unread.
//
// The blocks are the same for any number of threads (they depend only on the bytes and block_bytes), and an error
// that reading a file meets (damaged data, a bad CRC) is raised by Next at the place in that file where the reading
// met it, so the output and the errors do not depend on -j. With threads == 0 nothing runs ahead: Next opens, inflates
// and cuts on the calling thread.
//
// Next is called by one thread at a time (the pipeline's reading stage). Feed::Open must allow several threads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cmd/parse_gtfs/csv_blocks.h"
#include "cmd/parse_gtfs/feed_source.h"

namespace recpipe::parse_gtfs {

class BlockPrefetch {
 public:
  // Blocks of one file that may wait, read but not yet taken.
  static constexpr size_t kBlocksAhead = 3;
  // The most reading threads, whatever -j says: more would only hold more memory (few feeds have more than
  // a handful of large files, and the pipeline takes them one after the other).
  static constexpr int kMaxThreads = 4;

  BlockPrefetch(Feed& feed, std::vector<const FeedEntry*> files, size_t block_bytes, int threads);
  // Stops and joins the threads: the pipeline may stop early, on an error.
  ~BlockPrefetch();
  BlockPrefetch(const BlockPrefetch&) = delete;
  BlockPrefetch& operator=(const BlockPrefetch&) = delete;

  // Fills *block with the next block of files[file]; false at its end. Files are taken in order: asking for a
  // later file drops what is left of the earlier ones. Rethrows the error reading the file met, after the blocks
  // before it. *block's old buffer is kept for reuse.
  bool Next(size_t file, std::string* block);

 private:
  struct Slot {  // one file as its thread reads it
    std::deque<std::string> blocks;
    bool done = false;
    std::exception_ptr error;
  };

  void ReadFiles();  // a reading thread's loop
  void Stop();       // stops and joins the threads
  bool NextNow(size_t file, std::string* block);

  Feed& feed_;
  std::vector<const FeedEntry*> files_;
  size_t block_bytes_;
  size_t window_;  // files read at once: the current one and those after it

  std::mutex mutex_;
  std::condition_variable ready_;   // a slot got a block or finished: the pipeline waits on it
  std::condition_variable room_;    // a block was taken or the pipeline moved on: the threads wait on it
  std::vector<Slot> slots_;         // one per file
  std::vector<std::string> spare_;  // buffers the pipeline gave back, for the threads to fill again
  size_t next_unclaimed_ = 0;       // the next file no thread has taken
  size_t current_ = 0;              // the file the pipeline is on
  bool stop_ = false;
  std::vector<std::thread> threads_;

  // threads == 0: the file being read on the calling thread
  std::unique_ptr<CsvBlocks> now_;
  size_t now_file_ = SIZE_MAX;
};

}  // namespace recpipe::parse_gtfs
