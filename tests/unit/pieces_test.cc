// LinePlan cuts a file into line-aligned pieces that are contiguous, cover it exactly, and hold exactly the bytes
// GNU split -n l/K/N writes for each K (coreutils' split is run to compare). ParsePart reads "K/N".
#include "lib/pieces.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "lib/error.h"
#include "lib/input_file.h"

namespace recpipe {
namespace {

namespace fs = std::filesystem;

class Pieces : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "recpipe_pieces_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& content) {
    std::string path = (dir_ / ("f" + std::to_string(files_++))).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  fs::path dir_;
  int files_ = 0;
};

// What `split -n l/K/N path` writes to standard output.
std::string Split(const std::string& path, uint64_t k, uint64_t n) {
  std::string cmd = "split -n l/" + std::to_string(k) + "/" + std::to_string(n) + " '" + path + "'";
  FILE* p = ::popen(cmd.c_str(), "r");
  EXPECT_NE(p, nullptr);
  if (!p) return "";
  std::string out;
  char buf[65536];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, got);
  EXPECT_EQ(::pclose(p), 0) << cmd;
  return out;
}

// Checks the plan of `content` for each n against the rules and against GNU split.
void CheckPlans(const std::string& path, const std::string& content, const std::vector<uint64_t>& ns) {
  auto in = InputFile::Open(path);
  ASSERT_TRUE(in->seekable());
  const uint64_t size = content.size();
  ASSERT_EQ(in->raw_size(), size);
  for (uint64_t n : ns) {
    std::vector<ByteRange> plan = LinePlan(*in, size, n);
    ASSERT_EQ(plan.size(), n);
    uint64_t at = 0;
    for (uint64_t k = 1; k <= n; ++k) {
      const ByteRange& r = plan[k - 1];
      SCOPED_TRACE("size " + std::to_string(size) + ", piece " + std::to_string(k) + "/" + std::to_string(n));
      EXPECT_EQ(r.start, at) << "pieces are not contiguous";
      if (r.length != 0) {
        EXPECT_TRUE(r.start == 0 || content[r.start - 1] == '\n') << "starts mid-line";
      }
      at = r.start + r.length;
      ByteRange one = LinePiece(*in, size, k, n);
      EXPECT_EQ(one.start, r.start);
      EXPECT_EQ(one.length, r.length);
      std::string expected = Split(path, k, n);
      EXPECT_EQ(r.length, expected.size());
      EXPECT_TRUE(content.compare(r.start, r.length, expected) == 0) << "content differs from split's";
      if (::testing::Test::HasFailure()) return;
    }
    EXPECT_EQ(at, size) << "pieces do not cover the file";
  }
}

std::string RandomLines(size_t size, size_t max_line, uint32_t seed, bool final_newline) {
  std::mt19937 rng(seed);
  std::string s;
  while (s.size() < size) {
    size_t len = rng() % (max_line + 1);
    for (size_t i = 0; i < len; ++i) s.push_back(static_cast<char>('a' + rng() % 26));
    s.push_back(rng() % 10 == 0 ? '\r' : '\n');
  }
  s.resize(size);
  if (size) s.back() = final_newline ? '\n' : 'z';
  return s;
}

TEST_F(Pieces, EmptyFile) { CheckPlans(Write(""), "", {1, 2, 5}); }

TEST_F(Pieces, TinyFilesAndMorePiecesThanBytes) {
  for (std::string content : {"a", "\n", "\n\n", "ab\ncd", "ab\ncd\n", "a\nb\nc\nd\n", "\n\n\n\nx"}) {
    CheckPlans(Write(content), content, {1, 2, 3, 4, 5, 7, 10, 13});
  }
}

TEST_F(Pieces, RandomFiles) {
  uint32_t seed = 1;
  for (size_t size : {100, 1000, 4097, 70001}) {
    for (bool final_newline : {true, false}) {
      std::string content = RandomLines(size, 60, seed++, final_newline);
      CheckPlans(Write(content), content, {1, 2, 3, 4, 7, 16});
    }
  }
}

TEST_F(Pieces, LinesLongerThanAPiece) {
  std::string content = RandomLines(5000, 2000, 11, true);
  CheckPlans(Write(content), content, {2, 3, 8, 50});
  std::string one_line(3000, 'x');
  CheckPlans(Write(one_line), one_line, {1, 2, 3, 9});
  one_line += "\n";
  CheckPlans(Write(one_line), one_line, {2, 4});
  std::string mixed = "short\n" + std::string(200000, 'y') + "\nafter\n";
  CheckPlans(Write(mixed), mixed, {2, 3, 5});
}

TEST_F(Pieces, NextLineStart) {
  std::string content = "ab\ncd\n\nef";
  auto in = InputFile::Open(Write(content));
  const uint64_t size = content.size();
  const uint64_t want[] = {0, 3, 3, 3, 6, 6, 6, 7, 9, 9};
  for (uint64_t off = 0; off <= size; ++off) EXPECT_EQ(NextLineStart(*in, size, off), want[off]) << off;
  EXPECT_EQ(NextLineStart(*in, size, 100), size);
}

TEST(ParsePart, Accepts) {
  EXPECT_EQ(ParsePart("2/4"), (std::pair<uint64_t, uint64_t>{2, 4}));
  EXPECT_EQ(ParsePart("1/1"), (std::pair<uint64_t, uint64_t>{1, 1}));
  EXPECT_EQ(ParsePart("4/4"), (std::pair<uint64_t, uint64_t>{4, 4}));
  EXPECT_EQ(ParsePart("10/1000"), (std::pair<uint64_t, uint64_t>{10, 1000}));
}

TEST(ParsePart, Rejects) {
  for (const char* bad : {"0/4", "5/4", "a/b", "3", "", "/", "2/", "/4", "1/0", "0/0", "2/4x", "2x/4", "1/2/3", "-1/4",
                          "1/-4", "-1/-1", "99999999999999999999/4"}) {
    try {
      ParsePart(bad);
      ADD_FAILURE() << "'" << bad << "' accepted";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("--part"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace recpipe
