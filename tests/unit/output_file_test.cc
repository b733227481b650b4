// OutputFile writes under a temporary name and only Commit() puts the file in place: a run that fails, throws or
// is killed leaves neither a partial output nor a temporary file behind.
#include "lib/output_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "lib/error.h"

namespace recpipe {
namespace {

namespace fs = std::filesystem;

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "recpipe_output_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "out.txt").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Names in the folder, hidden ones included.
  std::set<std::string> Files() const {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.insert(e.path().filename().string());
    return names;
  }
  std::string Read(const std::string& path) const {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(OutputFileTest, AppearsOnlyOnCommit) {
  {
    OutputFile out(path_);
    EXPECT_EQ(out.name(), path_);
    EXPECT_FALSE(out.is_terminal());
    out.Write("hello ");
    out.Write("world\n");
    EXPECT_EQ(out.bytes_written(), 12u);
    EXPECT_FALSE(fs::exists(path_));
    std::set<std::string> during = Files();
    ASSERT_EQ(during.size(), 1u);
    EXPECT_EQ(during.begin()->rfind(".out.txt.tmp-", 0), 0u) << *during.begin();
    out.Commit();
    EXPECT_EQ(Files(), std::set<std::string>{"out.txt"});
  }
  EXPECT_EQ(Read(path_), "hello world\n");
  EXPECT_EQ(Files(), std::set<std::string>{"out.txt"});
}

TEST_F(OutputFileTest, EmptyOutputIsCommittedToo) {
  OutputFile out(path_);
  out.Commit();
  EXPECT_TRUE(fs::exists(path_));
  EXPECT_EQ(fs::file_size(path_), 0u);
}

TEST_F(OutputFileTest, NoCommitLeavesNothing) {
  {
    OutputFile out(path_);
    out.Write(std::string(100000, 'x'));
  }
  EXPECT_TRUE(Files().empty());
}

TEST_F(OutputFileTest, ExceptionLeavesNothing) {
  try {
    OutputFile out(path_);
    out.Write("partial");
    throw DataError("bad row");
  } catch (const DataError&) {
  }
  EXPECT_TRUE(Files().empty());
}

TEST_F(OutputFileTest, ExistingFileIsReplacedOnlyOnCommit) {
  std::ofstream(path_) << "old\n";
  {
    OutputFile out(path_);
    out.Write("new\n");
    EXPECT_EQ(Read(path_), "old\n");
  }
  EXPECT_EQ(Read(path_), "old\n");
  EXPECT_EQ(Files(), std::set<std::string>{"out.txt"});
  {
    OutputFile out(path_);
    out.Write("new\n");
    out.Commit();
  }
  EXPECT_EQ(Read(path_), "new\n");
  EXPECT_EQ(Files(), std::set<std::string>{"out.txt"});
}

TEST_F(OutputFileTest, PermissionsFollowTheUmask) {
  mode_t old = ::umask(027);
  {
    OutputFile out(path_);
    out.Commit();
  }
  ::umask(old);
  struct stat st;
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST_F(OutputFileTest, RelativePath) {
  fs::path cwd = fs::current_path();
  fs::current_path(dir_);
  {
    OutputFile out("rel.txt");
    out.Write("r");
    EXPECT_EQ(Files().size(), 1u);
    out.Commit();
  }
  fs::current_path(cwd);
  EXPECT_EQ(Files(), std::set<std::string>{"rel.txt"});
}

TEST_F(OutputFileTest, MissingFolder) {
  std::string path = (dir_ / "no" / "such" / "out.txt").string();
  try {
    OutputFile out(path);
    FAIL() << "opened";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": No such file or directory");
  }
  EXPECT_TRUE(Files().empty());
}

TEST_F(OutputFileTest, DevFullFails) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  try {
    OutputFile out("/dev/full");
    out.Write("x");
    out.Commit();
    FAIL() << "writing to /dev/full succeeded";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), "/dev/full: No space left on device");
  }
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
}

// A write that fails half-way on a regular file (here: over the file size limit) removes the temporary file.
TEST_F(OutputFileTest, FailedWriteLeavesNothing) {
  struct rlimit old;
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string what;
  try {
    OutputFile out(path_);
    out.Write(std::string(10000, 'x'));
    out.Commit();
  } catch (const DataError& e) {
    what = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(what, path_ + ": File too large");
  EXPECT_TRUE(Files().empty());
}

TEST_F(OutputFileTest, NonRegularTargetsAreWrittenInPlace) {
  OutputFile out("/dev/null");
  out.Write("discarded");
  out.Commit();
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  EXPECT_TRUE(Files().empty());
}

TEST_F(OutputFileTest, SignalRemovesTheTemporaryFile) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        InstallSignalCleanup();
        OutputFile out(path_);
        out.Write("partial");
        std::raise(SIGTERM);
      },
      ::testing::KilledBySignal(SIGTERM), "");
  EXPECT_TRUE(Files().empty());
}

TEST_F(OutputFileTest, ManyOutputsAtOnce) {
  // More live outputs than the signal handler tracks: each either opens or fails cleanly, none leaks.
  {
    std::vector<std::unique_ptr<OutputFile>> outs;
    int opened = 0;
    for (int i = 0; i < 80; ++i) {
      try {
        outs.push_back(std::make_unique<OutputFile>((dir_ / ("o" + std::to_string(i))).string()));
        ++opened;
      } catch (const DataError&) {
      }
    }
    EXPECT_GE(opened, 64);
  }
  EXPECT_TRUE(Files().empty());
}

}  // namespace
}  // namespace recpipe
