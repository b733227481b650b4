// BlockPrefetch hands out the same blocks, file by file, whether it reads on the calling thread or ahead on
// several; an error reading a file comes after that file's blocks before it, never earlier and never lost; and it
// stops cleanly when the pipeline leaves it half-read.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "cmd/parse_gtfs/block_prefetch.h"
#include "lib/error.h"
#include "lib/memory_source.h"

namespace recpipe::parse_gtfs {
namespace {

// Gives `good` bytes, then throws as a damaged zip entry does.
class FailingSource : public ByteSource {
 public:
  FailingSource(std::string good, std::string name) : good_(std::move(good)), name_(std::move(name)) {}
  size_t Read(char* buf, size_t n) override {
    if (pos_ == good_.size()) throw DataError(name_ + ": damaged compressed data");
    size_t k = std::min(n, good_.size() - pos_);
    good_.copy(buf, k, pos_);
    pos_ += k;
    return k;
  }

 private:
  std::string good_, name_;
  size_t pos_ = 0;
};

// Files in memory; a file whose name starts with "bad" fails after its text.
class MemoryFeed : public Feed {
 public:
  explicit MemoryFeed(std::vector<std::pair<std::string, std::string>> files) : files_(std::move(files)) {
    for (size_t i = 0; i < files_.size(); ++i) {
      FeedEntry e;
      e.name = e.path = files_[i].first;
      e.size = files_[i].second.size();
      e.handle = i;
      entries_.push_back(e);
    }
  }
  std::unique_ptr<ByteSource> Open(const FeedEntry& e) override {
    const auto& [name, text] = files_[e.handle];
    if (name.rfind("bad", 0) == 0) return std::make_unique<FailingSource>(text, name);
    return std::make_unique<MemorySource>(text, 5);
  }
  std::vector<const FeedEntry*> All() const {
    std::vector<const FeedEntry*> all;
    for (const FeedEntry& e : entries_) all.push_back(&e);
    return all;
  }

 private:
  std::vector<std::pair<std::string, std::string>> files_;
};

std::string Rows(const std::string& tag, int n) {
  std::string text = "id,name\n";
  for (int i = 0; i < n; ++i) text += tag + std::to_string(i) + ",\"a\nquoted, name\"\n";
  return text;
}

// Every block of every file, each file's list ended by "<end>" or by the error's message.
std::vector<std::string> ReadAll(MemoryFeed& feed, size_t block_bytes, int threads) {
  std::vector<std::string> out;
  BlockPrefetch blocks(feed, feed.All(), block_bytes, threads);
  std::string block;
  for (size_t f = 0; f < feed.entries().size(); ++f) {
    try {
      while (blocks.Next(f, &block)) out.push_back(block);
      out.push_back("<end>");
    } catch (const DataError& e) {
      out.push_back(std::string("<error> ") + e.what());
    }
  }
  return out;
}

TEST(BlockPrefetch, SameBlocksForAnyThreads) {
  MemoryFeed feed({{"a.txt", Rows("a", 500)},
                   {"empty.txt", ""},
                   {"b.txt", Rows("b", 3)},
                   {"c.txt", Rows("c", 900)},
                   {"d.txt", "x\n"}});
  for (size_t block : {size_t{7}, size_t{100}, size_t{4096}}) {
    const std::vector<std::string> want = ReadAll(feed, block, 0);
    std::string joined;
    for (const std::string& b : want) joined += b == "<end>" ? "" : b;
    EXPECT_EQ(joined, Rows("a", 500) + Rows("b", 3) + Rows("c", 900) + "x\n");
    for (int threads : {1, 2, 3, 8}) {
      EXPECT_EQ(ReadAll(feed, block, threads), want) << threads << " threads, blocks of " << block;
    }
  }
}

TEST(BlockPrefetch, AnErrorComesAfterTheBlocksBeforeIt) {
  MemoryFeed feed({{"a.txt", Rows("a", 50)}, {"bad.txt", Rows("x", 40)}, {"c.txt", Rows("c", 50)}});
  const std::vector<std::string> want = ReadAll(feed, 64, 0);
  ASSERT_GE(want.size(), 3u);
  size_t errors = 0;
  for (const std::string& b : want) errors += b.rfind("<error> bad.txt: damaged", 0) == 0;
  EXPECT_EQ(errors, 1u);
  EXPECT_EQ(want.back(), "<end>");  // the file after the bad one is still read in full
  for (int threads : {1, 2, 4}) EXPECT_EQ(ReadAll(feed, 64, threads), want) << threads << " threads";
}

TEST(BlockPrefetch, SkippingAheadAndStoppingEarly) {
  MemoryFeed feed({{"a.txt", Rows("a", 5000)}, {"b.txt", Rows("b", 5000)}, {"c.txt", Rows("c", 2)}});
  for (int threads : {0, 1, 3}) {
    BlockPrefetch blocks(feed, feed.All(), 50, threads);
    std::string block;
    ASSERT_TRUE(blocks.Next(0, &block));  // one block of a.txt, then straight to c.txt
    std::string c;
    while (blocks.Next(2, &block)) c += block;
    EXPECT_EQ(c, Rows("c", 2)) << threads << " threads";
  }
  for (int threads : {0, 2}) {  // the destructor stops threads that still have much to read
    BlockPrefetch blocks(feed, feed.All(), 50, threads);
    std::string block;
    ASSERT_TRUE(blocks.Next(0, &block));
  }
}

}  // namespace
}  // namespace recpipe::parse_gtfs
