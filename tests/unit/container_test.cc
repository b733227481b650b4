// A container written by ContainerWriter reads back through ContainerReader, in order and through its index, with
// every codec; every truncation and every flipped byte of a small container is refused, by the sequential reader
// and by the indexed one; --skip-damaged's reading passes a damaged block and counts exactly its records as lost.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
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

// Everything the container holds, read in order: per table, its records back to back. Throws on damage.
std::vector<std::string> ReadInOrder(const std::string& path, bool skip_damaged = false, uint64_t* lost = nullptr) {
  std::unique_ptr<InputFile> in = InputFile::Open(path);
  ContainerReader r(*in, false);
  r.set_skip_damaged(skip_damaged);
  std::vector<std::string> tables(2);
  Frame f;
  uint64_t number;
  while (r.Next(&f, &number)) {
    if (f.type != kBlockFrame) continue;
    Buffer batch;
    r.DecodeBlock(f, number, &batch);
    tables.at(f.table_id) += batch.view().substr(kFrameHeaderSize);
  }
  if (lost) *lost = r.records_lost();
  return tables;
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

// Decoded blocks meet the rules of a stream's batches: a bool of 2 that a writer let through (the column image
// carries records as they were given) is an error naming the block, table, record and field.
TEST(Container, DecodedBlocksAreCheckedLikeBatches) {
  const Schema flags{"flags", {{"id", Type::kU16, false}, {"ok", Type::kBool, false}}, {}};
  TableLayout layout(flags);
  TempPath tmp;
  {
    OutputFile out(tmp.path);
    ContainerWriter w(out);
    w.WriteSchema(0, flags);
    std::string records;
    for (uint8_t ok : {0, 1, 2}) records += std::string("\x07\0", 2) + static_cast<char>(ok);
    Buffer image, frame;
    std::vector<FieldStat> stats;
    EncodeColumns(flags, layout, records, 3, {0}, &image, &stats);
    MakeBlockFrame(0, 3, 0, Codec::kNone, 0, image.view(), stats, &frame);
    w.WriteBlock(0, frame.view());
    w.Finish();
    out.Commit();
  }
  std::unique_ptr<InputFile> in = InputFile::Open(tmp.path);
  ContainerReader r(*in, false);
  Frame f;
  uint64_t number = 0;
  while (r.Next(&f, &number) && f.type != kBlockFrame) {
  }
  ASSERT_EQ(f.type, kBlockFrame);
  Buffer batch;
  try {
    r.DecodeBlock(f, number, &batch);
    ADD_FAILURE() << "a bool of 2 was decoded";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), tmp.path + ": byte " + std::to_string(f.offset) +
                                         ": block 0: table 'flags': record 2: field 'ok' is a bool of value 2 (only 0 "
                                         "and 1 are valid)");
  }
}

}  // namespace
}  // namespace recpipe
