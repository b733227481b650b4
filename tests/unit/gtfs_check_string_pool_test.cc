// --check's interned strings: one id per distinct value, dense from 0, values that outlive their source.
#include <gtest/gtest.h>

#include <string>

#include "cmd/parse_gtfs/check/string_pool.h"

namespace recpipe::parse_gtfs::check {
namespace {

TEST(StringPool, OneIdPerDistinctValueInOrder) {
  StringPool pool;
  bool added = false;
  EXPECT_EQ(pool.Intern("T1", &added), 0u);
  EXPECT_TRUE(added);
  EXPECT_EQ(pool.Intern("T2", &added), 1u);
  EXPECT_EQ(pool.Intern("T1", &added), 0u);
  EXPECT_FALSE(added);
  EXPECT_EQ(pool.Intern(""), 2u);  // the empty value is a value like another
  EXPECT_EQ(pool.size(), 3u);
  EXPECT_EQ(pool.Find("T2"), 1u);
  EXPECT_FALSE(pool.Find("T3").has_value());
}

TEST(StringPool, ValuesAreCopiedAcrossChunksAndLongValuesKeptWhole) {
  StringPool pool;
  std::string scratch;
  for (int i = 0; i < 50000; ++i) {  // several 64 KiB chunks
    scratch = "trip-" + std::to_string(i);
    pool.Intern(scratch);
  }
  const std::string long_value(40000, 'x');  // more than a quarter chunk: a block of its own
  const uint32_t id = pool.Intern(long_value);
  scratch.assign(100, 'y');  // the source changes; the pool's copies do not
  EXPECT_EQ(pool.Get(0), "trip-0");
  EXPECT_EQ(pool.Get(49999), "trip-49999");
  EXPECT_EQ(pool.Get(id), long_value);
  EXPECT_EQ(pool.Find("trip-31234"), 31234u);
  EXPECT_EQ(pool.Find(long_value), id);
}

}  // namespace
}  // namespace recpipe::parse_gtfs::check
