// A container written by ContainerWriter reads back through ContainerReader, in order and through its index, with
// every codec; every truncation and every flipped byte of a small container is refused, by the sequential reader
// (from a file and from a pipe) and by the indexed one; --skip-damaged's reading, from a file and from a pipe,
// passes any one damaged frame and counts exactly the records lost with it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "lib/batch_builder.h"
#include "lib/block_codec.h"
#include "lib/column_image.h"
#include "lib/container_reader.h"
#include "lib/container_writer.h"
#include "lib/error.h"
#include "lib/frame.h"
#include "lib/input_file.h"
#include "lib/output_file.h"
#include "lib/record_view.h"

namespace recpipe {
namespace {

const Schema kEvents{"events", {{"t", Type::kI64, false}, {"x", Type::kU16, false}, {"p", Type::kI8, true}}, {}};
const Schema kNames{"names", {{"id", Type::kU32, false}, {"name", Type::kString, true}}, {{"source", "test"}}};

struct TempPath {
  std::string path;
  TempPath() {
    char name[] = "/tmp/container_test.XXXXXX";
    int fd = mkstemp(name);
    close(fd);
    path = name;
  }
  ~TempPath() { std::remove(path.c_str()); }
};

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}
void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << bytes;
}

// Records of table 0 (events, i from first) or table 1 (names), back to back.
std::string Records(int table, uint32_t first, uint32_t count) {
  if (count == 0) return "";
  Schema s = table == 0 ? kEvents : kNames;
  TableLayout layout(s);
  Buffer frames;
  BatchBuilder b(&frames, 0, layout, size_t{1} << 30);
  for (uint32_t i = first; i < first + count; ++i) {
    b.Begin();
    if (table == 0) {
      b.SetFixed<int64_t>(0, 1000 + 3 * i);
      b.SetFixed<uint16_t>(1, static_cast<uint16_t>(i * 7));
      if (i % 4 == 0) b.SetNull(2); else b.SetFixed<int8_t>(2, static_cast<int8_t>(i & 1));
    } else {
      b.SetFixed<uint32_t>(0, i);
      if (i % 3 == 0) { b.SetNull(1); b.AddVariable({}); } else b.AddVariable("name-" + std::to_string(i));
    }
    b.End();
  }
  b.Finish();
  return std::string(frames.view().substr(kFrameHeaderSize));
}

// A container of two tables: events in blocks of 40 records (interleaved with) names in blocks of 25.
std::string MakeContainer(Codec codec, int level, uint32_t events, uint32_t names) {
  TempPath tmp;
  {
    OutputFile out(tmp.path);
    ContainerWriter w(out);
    w.WriteSchema(0, kEvents);
    w.WriteSchema(1, kNames);
    TableLayout le(kEvents), ln(kNames);
    uint32_t e = 0, n = 0;
    Buffer image, frame;
    std::vector<FieldStat> stats;
    while (e < events || n < names) {
      if (e < events) {
        uint32_t c = std::min(40u, events - e);
        image.clear();
        EncodeColumns(kEvents, le, Records(0, e, c), c, {0, 1, 2}, &image, &stats);
        MakeBlockFrame(0, c, e, codec, level, image.view(), stats, &frame);
        w.WriteBlock(0, frame.view());
        e += c;
      }
      if (n < names) {
        uint32_t c = std::min(25u, names - n);
        image.clear();
        EncodeColumns(kNames, ln, Records(1, n, c), c, {0}, &image, &stats);
        MakeBlockFrame(1, c, n, codec, level, image.view(), stats, &frame);
        w.WriteBlock(1, frame.view());
        n += c;
      }
    }
    w.Finish();
    out.Commit();
  }
  return ReadFile(tmp.path);
}

// The bytes as a pipe hands them over: a thread writes them into a pipe whose read end is the input, which cannot
// seek (so the reader can neither read the index nor step back).
class PipeInput {
 public:
  explicit PipeInput(std::string bytes) {
    std::signal(SIGPIPE, SIG_IGN);  // a reader that stops early must not kill the test
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    read_fd_ = fds[0];
    writer_ = std::thread([fd = fds[1], b = std::move(bytes)] {
      for (size_t at = 0; at < b.size();) {
        ssize_t k = write(fd, b.data() + at, b.size() - at);
        if (k <= 0) break;
        at += static_cast<size_t>(k);
      }
      close(fd);
    });
    in_ = InputFile::Open("/dev/fd/" + std::to_string(read_fd_));
  }
  ~PipeInput() {
    in_.reset();
    close(read_fd_);
    writer_.join();
  }
  InputFile& in() { return *in_; }

 private:
  int read_fd_ = -1;
  std::thread writer_;
  std::unique_ptr<InputFile> in_;
};

// What reading in order gave: per table, its records back to back, and the reader's account of what it lost.
struct InOrder {
  std::vector<std::string> tables{2};
  uint64_t lost = 0;
  uint64_t damaged_blocks = 0;
  bool unknown = false;
  std::vector<std::string> notes;
};

InOrder ReadInOrderFrom(InputFile& in, bool skip_damaged) {
  ContainerReader r(in, false);
  r.set_skip_damaged(skip_damaged);
  InOrder got;
  Frame f;
  uint64_t number;
  while (r.Next(&f, &number)) {
    if (f.type != kBlockFrame) continue;
    Buffer batch;
    r.DecodeBlock(f, number, &batch);
    got.tables.at(f.table_id) += batch.view().substr(kFrameHeaderSize);
  }
  got.lost = r.records_lost();
  got.damaged_blocks = r.damaged_blocks();
  got.unknown = r.lost_unknown_tail();
  got.notes = r.TakeDamageNotes();
  return got;
}

// Everything the container holds, read in order: per table, its records back to back. Throws on damage.
std::vector<std::string> ReadInOrder(const std::string& path, bool skip_damaged = false, uint64_t* lost = nullptr) {
  std::unique_ptr<InputFile> in = InputFile::Open(path);
  InOrder got = ReadInOrderFrom(*in, skip_damaged);
  if (lost) *lost = got.lost;
  return got.tables;
}

// The same from a pipe.
InOrder ReadPiped(const std::string& bytes, bool skip_damaged) {
  PipeInput pipe(bytes);
  return ReadInOrderFrom(pipe.in(), skip_damaged);
}

std::vector<std::string> ReadIndexed(const std::string& path) {
  std::unique_ptr<InputFile> in = InputFile::Open(path);
  ContainerReader r(*in, true);
  EXPECT_TRUE(r.indexed());
  std::vector<std::string> tables(2);
  uint64_t number = 0;
  for (const IndexEntry& e : r.entries()) {
    if (e.type != kBlockFrame) continue;
    Frame f;
    r.ReadEntry(e, number, &f);
    Buffer batch;
    r.DecodeBlock(f, number++, &batch);
    tables.at(f.table_id) += batch.view().substr(kFrameHeaderSize);
  }
  return tables;
}

TEST(Container, RoundTripsWithEveryCodec) {
  for (Codec c : {Codec::kNone, Codec::kZstd, Codec::kXz, Codec::kGzip}) {
    TempPath tmp;
    WriteFile(tmp.path, MakeContainer(c, LevelsOf(c).fallback, 333, 100));
    std::vector<std::string> want{Records(0, 0, 333), Records(1, 0, 100)};
    EXPECT_EQ(ReadInOrder(tmp.path), want) << CodecName(c);
    EXPECT_EQ(ReadIndexed(tmp.path), want) << CodecName(c);
  }
}

TEST(Container, EmptyTablesRoundTrip) {
  TempPath tmp;
  WriteFile(tmp.path, MakeContainer(Codec::kZstd, 3, 0, 0));
  std::unique_ptr<InputFile> in = InputFile::Open(tmp.path);
  ContainerReader r(*in, true);
  ASSERT_EQ(r.table_order().size(), 2u);
  EXPECT_EQ(r.table(1).schema, kNames);
  EXPECT_EQ(*r.table(0).records, 0u);
  EXPECT_EQ(ReadInOrder(tmp.path), (std::vector<std::string>{"", ""}));
}

TEST(Container, IndexKeepsBlockRanges) {
  TempPath tmp;
  WriteFile(tmp.path, MakeContainer(Codec::kZstd, 3, 100, 0));
  std::unique_ptr<InputFile> in = InputFile::Open(tmp.path);
  ContainerReader r(*in, true);
  std::vector<std::pair<int64_t, int64_t>> t_ranges;
  for (const IndexEntry& e : r.entries()) {
    if (e.type == kBlockFrame) t_ranges.emplace_back(e.block.stats[0].min, e.block.stats[0].max);
  }
  // Blocks of 40, 40 and 20 records with t = 1000 + 3i.
  EXPECT_EQ(t_ranges, (std::vector<std::pair<int64_t, int64_t>>{{1000, 1117}, {1120, 1237}, {1240, 1297}}));
}

TEST(Container, EveryTruncationIsRefused) {
  const std::string whole = MakeContainer(Codec::kZstd, 1, 90, 30);
  TempPath tmp;
  for (size_t cut = 0; cut < whole.size(); ++cut) {
    WriteFile(tmp.path, whole.substr(0, cut));
    EXPECT_THROW(ReadInOrder(tmp.path), DataError) << "in order, cut at " << cut;
    EXPECT_THROW(ReadIndexed(tmp.path), DataError) << "indexed, cut at " << cut;
    EXPECT_THROW(ReadPiped(whole.substr(0, cut), false), DataError) << "from a pipe, cut at " << cut;
  }
}

// With --skip-damaged, a cut container gives what is before the cut, and never claims to know how many records
// went with the cut unless the end marker had already counted them all.
TEST(Container, SkipDamagedOnACutContainerSaysTheLossIsUnknown) {
  const std::string whole = MakeContainer(Codec::kZstd, 1, 90, 30);
  const std::vector<std::string> all{Records(0, 0, 90), Records(1, 0, 30)};
  TempPath tmp;
  for (size_t cut = kContainerHeaderSize; cut < whole.size(); ++cut) {
    WriteFile(tmp.path, whole.substr(0, cut));
    std::unique_ptr<InputFile> in = InputFile::Open(tmp.path);
    for (const InOrder& got : {ReadInOrderFrom(*in, true), ReadPiped(whole.substr(0, cut), true)}) {
      if (!got.unknown) {
        EXPECT_EQ(got.tables, all) << "cut at " << cut;
        EXPECT_EQ(got.lost, 0u) << "cut at " << cut;
      }
      for (int t = 0; t < 2; ++t) EXPECT_EQ(all[t].substr(0, got.tables[t].size()), got.tables[t]) << "cut at " << cut;
    }
  }
}

TEST(Container, EveryFlippedByteIsDetected) {
  const std::string whole = MakeContainer(Codec::kZstd, 1, 90, 30);
  TempPath tmp;
  for (size_t at = 0; at < whole.size(); ++at) {
    if (at == 10 || at == 11) continue;  // the minor version: a newer one is accepted, as in streams
    std::string damaged = whole;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x20);
    WriteFile(tmp.path, damaged);
    EXPECT_THROW(ReadInOrder(tmp.path), DataError) << "in order, byte " << at;
    // The indexed reader reads only the frames it is asked for: reading all of them must fail too.
    EXPECT_THROW(ReadIndexed(tmp.path), DataError) << "indexed, byte " << at;
    EXPECT_THROW(ReadPiped(damaged, false), DataError) << "from a pipe, byte " << at;
  }
}

// The frames of a container as its index lists them, with the index and trailer added.
std::vector<IndexEntry> FramesOf(const std::string& bytes) {
  TempPath tmp;
  WriteFile(tmp.path, bytes);
  std::unique_ptr<InputFile> in = InputFile::Open(tmp.path);
  ContainerReader r(*in, true);
  std::vector<IndexEntry> frames = r.entries();
  IndexEntry index;
  index.offset = frames.back().offset + frames.back().frame_size;
  index.type = kIndexFrame;
  index.frame_size = static_cast<uint32_t>(bytes.size() - kTrailerFrameSize - index.offset);
  frames.push_back(index);
  IndexEntry trailer;
  trailer.offset = bytes.size() - kTrailerFrameSize;
  trailer.type = kTrailerFrame;
  trailer.frame_size = kTrailerFrameSize;
  frames.push_back(trailer);
  return frames;
}

// Any one flipped byte after the container header, read in order with --skip-damaged from a file and from a pipe,
// loses exactly the records of the frame it lands in, and the reader counts exactly those: a block's records, a
// schema's whole table (its blocks cannot be decoded), nothing for the end marker (the index still counts the
// records), the index or the trailer.
TEST(Container, SkipDamagedLosesExactlyTheDamagedFrameFromAFileAndAPipe) {
  const std::string whole = MakeContainer(Codec::kZstd, 1, 90, 30);
  const std::vector<IndexEntry> frames = FramesOf(whole);
  TempPath tmp;
  for (size_t at = kContainerHeaderSize; at < whole.size(); ++at) {
    const IndexEntry* hit = nullptr;
    for (const IndexEntry& e : frames) {
      if (at >= e.offset && at < e.offset + e.frame_size) hit = &e;
    }
    ASSERT_NE(hit, nullptr) << at;
    std::vector<std::string> want{Records(0, 0, 90), Records(1, 0, 30)};
    uint64_t lost = 0;
    if (hit->type == kBlockFrame) {
      const uint32_t first = static_cast<uint32_t>(hit->block.first_record);
      const uint32_t total = hit->table_id == 0 ? 90 : 30;
      want[hit->table_id] = Records(static_cast<int>(hit->table_id), 0, first) +
                            Records(static_cast<int>(hit->table_id), first + hit->count, total - first - hit->count);
      lost = hit->count;
    } else if (hit->type == FrameType::kSchema) {
      want[hit->table_id].clear();
      lost = hit->table_id == 0 ? 90 : 30;
    }
    std::string damaged = whole;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x20);
    WriteFile(tmp.path, damaged);
    std::unique_ptr<InputFile> in = InputFile::Open(tmp.path);
    const InOrder from_file = ReadInOrderFrom(*in, true);
    const InOrder from_pipe = ReadPiped(damaged, true);
    for (const InOrder* got : {&from_file, &from_pipe}) {
      const char* how = got == &from_file ? "from a file" : "from a pipe";
      EXPECT_EQ(got->tables, want) << how << ", byte " << at << " of frame at " << hit->offset;
      EXPECT_EQ(got->lost, lost) << how << ", byte " << at;
      EXPECT_FALSE(got->unknown) << how << ", byte " << at;
      ASSERT_FALSE(got->notes.empty()) << how << ", byte " << at;
      EXPECT_NE(got->notes[0].find(": byte " + std::to_string(hit->offset) + ": "), std::string::npos)
          << how << ", byte " << at << ": " << got->notes[0];
    }
  }
}

// A damaged end marker and index together leave the count of the records at the end unknown: the reader says so,
// and still counts what it can (the gap before the next sound block) and reads every sound block after the damage.
TEST(Container, SkipDamagedWithoutEndMarkerAndIndexSaysTheLossIsUnknown) {
  std::string whole = MakeContainer(Codec::kZstd, 1, 90, 30);  // blocks e0 n0 e1 n1 e2
  const std::vector<IndexEntry> frames = FramesOf(whole);
  const IndexEntry& end = frames[frames.size() - 3];
  const IndexEntry& index = frames[frames.size() - 2];
  const IndexEntry& e1 = frames[4];
  ASSERT_EQ(end.type, FrameType::kEnd);
  ASSERT_EQ(e1.type, kBlockFrame);
  ASSERT_EQ(e1.block.first_record, 40u);
  whole[e1.offset + kFrameHeaderSize] ^= 1;
  whole[end.offset + kFrameHeaderSize] ^= 1;
  whole[index.offset + kFrameHeaderSize] ^= 1;
  TempPath tmp;
  WriteFile(tmp.path, whole);
  std::unique_ptr<InputFile> in = InputFile::Open(tmp.path);
  for (const InOrder& got : {ReadInOrderFrom(*in, true), ReadPiped(whole, true)}) {
    EXPECT_TRUE(got.unknown);
    EXPECT_EQ(got.lost, 40u);
    EXPECT_EQ(got.damaged_blocks, 1u);
    EXPECT_EQ(got.tables, (std::vector<std::string>{Records(0, 0, 40) + Records(0, 80, 10), Records(1, 0, 30)}));
    EXPECT_EQ(got.notes.size(), 3u);  // the block, the end marker and the index, each on its own
  }
  // With the last block gone as well, no sound block of the table follows the damage: nothing can be counted, and
  // "at least 0" is all that can be said.
  const IndexEntry& last = frames[frames.size() - 4];
  ASSERT_EQ(last.type, kBlockFrame);
  whole[last.offset + kFrameHeaderSize] ^= 1;
  const InOrder cut = ReadPiped(whole, true);
  EXPECT_TRUE(cut.unknown);
  EXPECT_EQ(cut.lost, 0u);
  EXPECT_EQ(cut.tables, (std::vector<std::string>{Records(0, 0, 40), Records(1, 0, 30)}));
}

// An unusable index on a regular file: with IndexUse::kFallBack the reader says why (naming the byte offset) and
// reads in order instead, which loses nothing when only the index or trailer is damaged.
TEST(Container, DamagedIndexOrTrailerFallsBackToReadingInOrder) {
  const std::string whole = MakeContainer(Codec::kZstd, 1, 90, 30);
  const std::vector<IndexEntry> frames = FramesOf(whole);
  TempPath tmp;
  for (const IndexEntry& e : {frames[frames.size() - 2], frames.back()}) {
    for (size_t at : {e.offset + 1, e.offset + kFrameHeaderSize + 5}) {
      std::string damaged = whole;
      damaged[at] ^= 0x08;
      WriteFile(tmp.path, damaged);
      std::unique_ptr<InputFile> in = InputFile::Open(tmp.path);
      EXPECT_THROW(ContainerReader(*in, ContainerReader::IndexUse::kRequire), DataError);
      in = InputFile::Open(tmp.path);
      ContainerReader r(*in, ContainerReader::IndexUse::kFallBack);
      EXPECT_FALSE(r.indexed());
      EXPECT_NE(r.index_damage().find(": byte " + std::to_string(e.offset) + ": "), std::string::npos)
          << r.index_damage();
      r.set_skip_damaged(true);
      std::vector<std::string> tables(2);
      Frame f;
      uint64_t number;
      while (r.Next(&f, &number)) {
        if (f.type != kBlockFrame) continue;
        Buffer batch;
        r.DecodeBlock(f, number, &batch);
        tables.at(f.table_id) += batch.view().substr(kFrameHeaderSize);
      }
      EXPECT_EQ(tables, (std::vector<std::string>{Records(0, 0, 90), Records(1, 0, 30)})) << "byte " << at;
      EXPECT_EQ(r.records_lost(), 0u);
      EXPECT_FALSE(r.lost_unknown_tail());
    }
  }
}

TEST(Container, MessagesNameTheBlockAndOffset) {
  std::string whole = MakeContainer(Codec::kZstd, 1, 90, 0);
  TempPath tmp;
  std::unique_ptr<InputFile> in;
  uint64_t second_block = 0;
  {
    WriteFile(tmp.path, whole);
    in = InputFile::Open(tmp.path);
    ContainerReader r(*in, true);
    int n = 0;
    for (const IndexEntry& e : r.entries()) {
      if (e.type == kBlockFrame && n++ == 1) second_block = e.offset;
    }
  }
  whole[second_block + kFrameHeaderSize + 30] ^= 1;
  WriteFile(tmp.path, whole);
  try {
    ReadInOrder(tmp.path);
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), tmp.path + ": byte " + std::to_string(second_block) + ": block: checksum mismatch");
  }
  try {
    ReadIndexed(tmp.path);
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), tmp.path + ": byte " + std::to_string(second_block) + ": block 1: checksum mismatch");
  }
}

TEST(Container, SkipDamagedCountsTheLostRecords) {
  std::string whole = MakeContainer(Codec::kZstd, 1, 200, 0);  // blocks of 40
  TempPath tmp;
  WriteFile(tmp.path, whole);
  std::vector<uint64_t> offsets;
  {
    std::unique_ptr<InputFile> in = InputFile::Open(tmp.path);
    ContainerReader r(*in, true);
    for (const IndexEntry& e : r.entries()) {
      if (e.type == kBlockFrame) offsets.push_back(e.offset);
    }
  }
  ASSERT_EQ(offsets.size(), 5u);
  // Damage the length field of block 2, so that the reader must search for the next frame.
  whole[offsets[2] + 1] ^= 0x40;
  WriteFile(tmp.path, whole);
  uint64_t lost = 0;
  std::vector<std::string> got = ReadInOrder(tmp.path, true, &lost);
  EXPECT_EQ(lost, 40u);
  EXPECT_EQ(got[0], Records(0, 0, 80) + Records(0, 120, 80));
  // From a pipe, which cannot seek, the same: the search runs in the look-ahead buffer.
  InOrder piped = ReadPiped(whole, true);
  EXPECT_EQ(piped.lost, 40u);
  EXPECT_EQ(piped.damaged_blocks, 1u);
  EXPECT_FALSE(piped.unknown);
  EXPECT_EQ(piped.tables[0], Records(0, 0, 80) + Records(0, 120, 80));
  // The last block: lost records are counted from the end marker.
  whole = MakeContainer(Codec::kZstd, 1, 200, 0);
  whole[offsets[4] + kFrameHeaderSize + 20] ^= 0x40;
  WriteFile(tmp.path, whole);
  got = ReadInOrder(tmp.path, true, &lost);
  EXPECT_EQ(lost, 40u);
  EXPECT_EQ(got[0], Records(0, 0, 160));
}

TEST(Container, BlocksCopiedFromAnotherContainerAreRenumbered) {
  const std::string a = MakeContainer(Codec::kZstd, 1, 100, 0);
  TempPath src, dst;
  WriteFile(src.path, a);
  {
    std::unique_ptr<InputFile> in = InputFile::Open(src.path);
    ContainerReader r(*in, true);
    OutputFile out(dst.path);
    ContainerWriter w(out);
    w.WriteSchema(0, kEvents);
    w.WriteSchema(1, kNames);
    for (int copy = 0; copy < 2; ++copy) {
      for (const IndexEntry& e : r.entries()) {
        if (e.type != kBlockFrame) continue;
        Frame f;
        r.ReadEntry(e, 0, &f);
        w.WriteBlock(0, f.bytes.view());
      }
    }
    w.Finish();
    out.Commit();
  }
  EXPECT_EQ(ReadInOrder(dst.path)[0], Records(0, 0, 100) + Records(0, 0, 100));
}

}  // namespace
}  // namespace recpipe
