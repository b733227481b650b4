// CsvBlocks cuts a file into blocks of whole rows, whatever the block size and however short the reads: the blocks
// put together are the file, and each ends where a row ends (a quoted line feed never ends one).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cmd/parse_gtfs/csv_blocks.h"
#include "lib/csv.h"
#include "lib/memory_source.h"

namespace recpipe::parse_gtfs {
namespace {

TEST(CsvBlocks, WholeRowsForAnyBlockSize) {
  const std::string text = "a,b\n\"x\ny\",1\r\nplain,2\n\"q\"\"\n\",3\nlast,4";
  for (size_t block = 1; block <= text.size() + 1; ++block) {
    CsvBlocks blocks(std::make_unique<MemorySource>(text, 3, block), block);
    std::string joined, b;
    while (blocks.Next(&b)) {
      ASSERT_FALSE(b.empty());
      if (joined.size() + b.size() < text.size()) {
        EXPECT_EQ(CsvCutPoint(b), b.size()) << "block size " << block << ": '" << b << "' does not end a row";
      }
      joined += b;
    }
    EXPECT_EQ(joined, text) << "block size " << block;
    EXPECT_EQ(blocks.bytes_read(), text.size());
  }
}

TEST(CsvBlocks, AQuoteRunningToTheEndIsOneBlock) {
  const std::string text = "a,b\n\"never closed,\n1\n2\n";
  CsvBlocks blocks(std::make_unique<MemorySource>(text), 4);
  std::string b, joined;
  int n = 0;
  while (blocks.Next(&b)) {
    joined += b;
    ++n;
  }
  EXPECT_EQ(joined, text);
  EXPECT_EQ(n, 2);  // the header row, then the rest whole
}

TEST(CsvBlocks, EmptyInput) {
  CsvBlocks blocks(std::make_unique<MemorySource>(""), 16);
  std::string b;
  EXPECT_FALSE(blocks.Next(&b));
}

}  // namespace
}  // namespace recpipe::parse_gtfs
