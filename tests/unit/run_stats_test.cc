// StatsFile (--stats FILE): opened when the run starts, written before the outputs are put in place, and gone
// again when the run fails after all; StatsJson's keys are those recpipe(7) lists.
#include "lib/run_stats.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include "lib/error.h"

namespace recpipe {
namespace {

namespace fs = std::filesystem;

class StatsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "recpipe_stats_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "s.json").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::set<std::string> Files() const {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.insert(e.path().filename().string());
    return names;
  }
  std::string Read() const {
    std::ifstream f(path_);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(StatsFileTest, AFileThatCannotBeMadeFailsAtTheStart) {
  EXPECT_THROW(StatsFile((dir_ / "no" / "s.json").string()), DataError);
}

TEST_F(StatsFileTest, CommitPutsTheStatisticsInPlace) {
  RunStats stats;
  stats.records_out = 42;
  {
    StatsFile file(path_);
    EXPECT_EQ(Files().count("s.json"), 0u) << "only a temporary name while the run goes on";
    file.Commit(stats);
  }
  EXPECT_EQ(Files(), std::set<std::string>{"s.json"});
  EXPECT_NE(Read().find("\"records_out\":42,"), std::string::npos) << Read();
}

TEST_F(StatsFileTest, ARunThatFailsBeforeCommitLeavesNothing) {
  try {
    StatsFile file(path_);
    throw DataError("the input is bad");
  } catch (const DataError&) {
  }
  EXPECT_TRUE(Files().empty());
}

TEST_F(StatsFileTest, ARunThatFailsAfterCommitRemovesTheStatistics) {
  // The output's own rename failing after the statistics were placed: the run failed, so neither is left.
  try {
    StatsFile file(path_);
    file.Commit(RunStats{});
    ASSERT_TRUE(fs::exists(path_));
    throw DataError("out.rec: Read-only file system");
  } catch (const DataError&) {
  }
  EXPECT_TRUE(Files().empty());
}

TEST_F(StatsFileTest, NoPathWritesNothing) {
  StatsFile file("");
  file.Commit(RunStats{});
  EXPECT_TRUE(Files().empty());
}

TEST(StatsJson, HasTheKeysOfRecpipe7) {
  std::string json = StatsJson(RunStats{});
  for (const char* key :
       {"records_in", "records_out", "bytes_in", "bytes_out", "errors_skipped", "seconds", "peak_rss_bytes"}) {
    EXPECT_NE(json.find(std::string("\"") + key + "\":"), std::string::npos) << key << " in " << json;
  }
  EXPECT_EQ(json.back(), '\n');
}

}  // namespace
}  // namespace recpipe
