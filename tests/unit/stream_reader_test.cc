// StreamReader accepts a valid stream read in pieces of any size, and refuses every truncation, every damaged byte
// and every breach of the frame rules of recpipe-stream(5) with a DataError that names the byte offset.
#include "lib/memory_source.h"
#include "lib/stream_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "lib/batch_builder.h"
#include "lib/byte_cursor.h"
#include "lib/error.h"
#include "lib/frame.h"

namespace recpipe {
namespace {

// Reads of at most max_read bytes, or random sizes up to it: readers must not assume a read fills the buffer.
class StringSource : public MemorySource {
 public:
  explicit StringSource(std::string data, size_t max_read = 1 << 20, bool random = false)
      : MemorySource(std::move(data), max_read, random ? std::optional<uint32_t>(7) : std::nullopt) {}
};

std::string StreamHeader() {
  Buffer b;
  AppendStreamHeader(&b);
  return std::string(b.view());
}

std::string FrameBytes(FrameType type, uint32_t table, uint32_t count, std::string_view payload, uint8_t flags = 0) {
  Buffer b;
  AppendFrame(&b, type, table, count, payload, flags);
  return std::string(b.view());
}

std::string EndFrame(const std::vector<std::pair<uint32_t, uint64_t>>& tables) {
  std::string p;
  ByteWriter w(&p);
  w.Write<uint32_t>(static_cast<uint32_t>(tables.size()));
  for (auto [id, n] : tables) {
    w.Write<uint32_t>(id);
    w.Write<uint64_t>(n);
  }
  return FrameBytes(FrameType::kEnd, 0, 0, p);
}

std::string ErrorFrame(std::string_view message) {
  std::string p;
  ByteWriter(&p).WriteString(message);
  return FrameBytes(FrameType::kError, 0, 0, p);
}

const Schema kPeople{"people", {{"name", Type::kString, false}, {"age", Type::kI32, true}}, {{"source", "p.csv"}}};
const Schema kPoints{"points", {{"x", Type::kF64, false}, {"y", Type::kF64, false}}, {}};

// The pieces of a valid two-table stream, so that tests can reassemble them with changes.
struct Parts {
  std::string header = StreamHeader();
  std::string schema1 = FrameBytes(FrameType::kSchema, 1, 0, EncodeSchema(kPeople));
  std::string schema2 = FrameBytes(FrameType::kSchema, 2, 0, EncodeSchema(kPoints));
  std::string batch1a, batch2, batch1b;
  std::string end = EndFrame({{1, 3}, {2, 2}});

  Parts() {
    TableLayout people(kPeople), points(kPoints);
    batch1a = People(people, {{"ann", 31}, {"", -1}});
    batch1b = People(people, {{"bob", 40}});
    Buffer b;
    BatchBuilder bb(&b, 2, points);
    for (double v : {1.5, -2.25}) {
      bb.Begin();
      bb.SetFixed<double>(0, v);
      bb.SetFixed<double>(1, v * 2);
      bb.End();
    }
    bb.Finish();
    batch2 = std::string(b.view());
  }
  static std::string People(const TableLayout& l, const std::vector<std::pair<std::string, int>>& rows) {
    Buffer b;
    BatchBuilder bb(&b, 1, l);
    for (const auto& [name, age] : rows) {
      bb.Begin();
      if (age < 0) {
        bb.SetNull(1);
      } else {
        bb.SetFixed<int32_t>(1, age);
      }
      bb.AddVariable(name);
      bb.End();
    }
    bb.Finish();
    return std::string(b.view());
  }
  std::string Body() const { return schema1 + schema2 + batch1a + batch2 + batch1b; }
  std::string All() const { return header + Body() + end; }
};

struct Seen {
  std::vector<FrameType> types;
  std::vector<std::string> frames;  // whole frames as returned
  uint64_t people = 0, points = 0, bytes_read = 0;
};

// Reads the whole stream; throws what the reader throws.
Seen ReadAll(const std::string& stream, size_t max_read = 1 << 20, bool random = false) {
  StringSource src(stream, max_read, random);
  StreamReader r(src, "in.rec");
  Seen seen;
  Frame f;
  while (r.Next(&f)) {
    seen.types.push_back(f.type);
    seen.frames.emplace_back(f.bytes.view());
  }
  EXPECT_FALSE(r.Next(&f)) << "Next() after the end";
  for (uint32_t id : r.table_order()) (id == 1 ? seen.people : seen.points) = r.records(id);
  seen.bytes_read = r.bytes_read();
  return seen;
}

// The message of the DataError that reading `stream` throws ("" if none).
std::string ErrorOf(const std::string& stream) {
  try {
    ReadAll(stream);
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(StreamReader, ReadsAValidStream) {
  Parts p;
  std::string all = p.All();
  Seen seen = ReadAll(all);
  EXPECT_EQ(seen.types, (std::vector<FrameType>{FrameType::kSchema, FrameType::kSchema, FrameType::kBatch,
                                                FrameType::kBatch, FrameType::kBatch}));
  EXPECT_EQ(seen.frames, (std::vector<std::string>{p.schema1, p.schema2, p.batch1a, p.batch2, p.batch1b}));
  EXPECT_EQ(seen.people, 3u);
  EXPECT_EQ(seen.points, 2u);
  EXPECT_EQ(seen.bytes_read, all.size());

  StringSource src(all);
  StreamReader r(src, "x");
  Frame f;
  ASSERT_TRUE(r.Next(&f));
  EXPECT_EQ(f.offset, kStreamHeaderSize);
  EXPECT_EQ(f.table_id, 1u);
  EXPECT_EQ(r.schema(1), kPeople);
  ASSERT_TRUE(r.Next(&f));
  EXPECT_EQ(f.offset, kStreamHeaderSize + p.schema1.size());
  EXPECT_EQ(r.table_order(), (std::vector<uint32_t>{1, 2}));
  ASSERT_TRUE(r.Next(&f));
  EXPECT_EQ(f.type, FrameType::kBatch);
  EXPECT_EQ(f.count, 2u);
  EXPECT_EQ(f.payload(), std::string_view(p.batch1a).substr(kFrameHeaderSize));
}

TEST(StreamReader, ReadsInSmallPieces) {
  Parts p;
  for (size_t max : {1, 3, 7, 25}) {
    Seen seen = ReadAll(p.All(), max, true);
    EXPECT_EQ(seen.frames.size(), 5u);
    EXPECT_EQ(seen.people, 3u);
  }
}

TEST(StreamReader, NoTables) { EXPECT_TRUE(ReadAll(StreamHeader() + EndFrame({})).frames.empty()); }

TEST(StreamReader, EveryTruncationIsAnError) {
  std::string all = Parts().All();
  for (size_t n = 0; n < all.size(); ++n) {
    EXPECT_THROW(ReadAll(all.substr(0, n)), DataError) << "cut to " << n << " of " << all.size() << " bytes";
  }
}

TEST(StreamReader, TruncationMessages) {
  Parts p;
  EXPECT_TRUE(Contains(ErrorOf(""), "not a recpipe stream"));
  std::string no_end = p.header + p.Body();
  EXPECT_EQ(ErrorOf(no_end), "in.rec: byte " + std::to_string(no_end.size()) + ": stream ends without its end marker");
  EXPECT_TRUE(Contains(ErrorOf(no_end + p.end.substr(0, 10)), "frame header cut short"));
  EXPECT_TRUE(Contains(ErrorOf(no_end + p.end.substr(0, 30)), "frame cut short"));
  EXPECT_TRUE(Contains(ErrorOf(p.header.substr(0, 12)), "cut short"));
}

// Every byte of the stream is covered: the magic and major version by their checks, each frame's header and
// payload by its checksum. (The minor version may change compatibly: see NewerMinorVersionIsAccepted.)
TEST(StreamReader, EveryFlippedByteIsDetected) {
  std::string all = Parts().All();
  for (size_t i = 0; i < all.size(); ++i) {
    if (i >= 10 && i < 16) continue;  // minor version and reserved
    for (unsigned char mask : {0x01, 0x10, 0x80, 0xff}) {
      std::string bad = all;
      bad[i] = static_cast<char>(bad[i] ^ mask);
      EXPECT_THROW(ReadAll(bad), DataError) << "byte " << i << " xor " << int{mask};
    }
  }
}

TEST(StreamReader, ChecksumErrorNamesTheFrameOffset) {
  Parts p;
  std::string all = p.All();
  size_t frame_at = kStreamHeaderSize + p.schema1.size() + p.schema2.size();  // batch1a
  std::string bad = all;
  bad[frame_at + kFrameHeaderSize + 5] ^= 0x20;
  EXPECT_EQ(ErrorOf(bad), "in.rec: byte " + std::to_string(frame_at) + ": checksum mismatch");
  bad = all;
  bad[frame_at + 16] ^= 0x01;  // the stored checksum itself
  EXPECT_EQ(ErrorOf(bad), "in.rec: byte " + std::to_string(frame_at) + ": checksum mismatch");
}

TEST(StreamReader, BadMagic) {
  std::string all = Parts().All();
  all[1] = 'X';
  EXPECT_EQ(ErrorOf(all), "in.rec: byte 1: not a recpipe stream (bad magic number)");
  EXPECT_TRUE(Contains(ErrorOf("name,age\nann,31\n"), "not a recpipe stream"));
  EXPECT_FALSE(LooksLikeStream("name,age\n"));
  EXPECT_TRUE(LooksLikeStream(all.substr(0, 8).replace(1, 1, "R")));
}

// A few bytes of text are not "a cut-short stream header": they do not start like one at all.
TEST(StreamReader, ShortInputThatIsNotAStream) {
  EXPECT_TRUE(Contains(ErrorOf("hi\n"), "not a recpipe stream")) << ErrorOf("hi\n");
}

TEST(StreamReader, UnknownMajorVersion) {
  std::string all = Parts().All();
  Store<uint16_t>(all.data() + 8, 2);
  std::string e = ErrorOf(all);
  EXPECT_TRUE(Contains(e, "byte 8")) << e;
  EXPECT_TRUE(Contains(e, "version 2")) << e;
}

TEST(StreamReader, NewerMinorVersionIsAccepted) {
  std::string all = Parts().All();
  Store<uint16_t>(all.data() + 10, 7);
  EXPECT_EQ(ReadAll(all).frames.size(), 5u);
}

TEST(StreamReader, UnknownSkippableFrameIsSkipped) {
  Parts p;
  std::string extra = FrameBytes(static_cast<FrameType>(9), 0, 0, "future stuff", kFrameSkippable);
  Seen seen = ReadAll(p.header + p.schema1 + extra + p.schema2 + p.batch1a + extra + p.batch2 + p.batch1b + p.end);
  EXPECT_EQ(seen.frames, (std::vector<std::string>{p.schema1, p.schema2, p.batch1a, p.batch2, p.batch1b}));
}

TEST(StreamReader, UnknownFrameWithoutSkippableFlagIsAnError) {
  Parts p;
  std::string extra = FrameBytes(static_cast<FrameType>(9), 0, 0, "future stuff");
  size_t at = kStreamHeaderSize + p.schema1.size();
  EXPECT_EQ(ErrorOf(p.header + p.schema1 + extra + p.schema2 + p.end),
            "in.rec: byte " + std::to_string(at) + ": unknown frame type 9");
}

TEST(StreamReader, EndCountsMustMatch) {
  Parts p;
  std::string body = p.header + p.Body();
  EXPECT_TRUE(Contains(ErrorOf(body + EndFrame({{1, 4}, {2, 2}})), "should have 4 records"));
  EXPECT_TRUE(Contains(ErrorOf(body + EndFrame({{1, 3}, {2, 1}})), "the stream held 2"));
  EXPECT_TRUE(Contains(ErrorOf(body + EndFrame({{1, 3}})), "lists 1 tables"));
  EXPECT_TRUE(Contains(ErrorOf(body + EndFrame({{1, 3}, {2, 2}, {3, 0}})), "lists 3 tables"));
  EXPECT_TRUE(Contains(ErrorOf(body + EndFrame({{1, 3}, {5, 2}})), "unknown table id 5"));
  std::string e = ErrorOf(body + FrameBytes(FrameType::kEnd, 0, 0, std::string_view("\x02\0\0", 3)));
  EXPECT_TRUE(Contains(e, "byte " + std::to_string(body.size()))) << e;
  // Order within the end marker does not matter.
  EXPECT_EQ(ReadAll(body + EndFrame({{2, 2}, {1, 3}})).frames.size(), 5u);
}

// Listing one table twice must not stand in for another table's count.
TEST(StreamReader, EndMarkerListingATableTwiceIsAnError) {
  Parts p;
  EXPECT_THROW(ReadAll(p.header + p.Body() + EndFrame({{1, 3}, {1, 3}})), DataError);
}

TEST(StreamReader, EndFrameLongerThanItsTableList) {
  Parts p;
  std::string payload = p.end.substr(kFrameHeaderSize) + "x";
  EXPECT_TRUE(Contains(ErrorOf(p.header + p.Body() + FrameBytes(FrameType::kEnd, 0, 0, payload)), "longer"));
}

TEST(StreamReader, TrailingDataAfterEnd) {
  std::string all = Parts().All();
  EXPECT_EQ(ErrorOf(all + "x"), "in.rec: byte " + std::to_string(all.size()) + ": data after the end of the stream");
  EXPECT_THROW(ReadAll(all + EndFrame({{1, 3}, {2, 2}})), DataError);
}

TEST(StreamReader, ErrorFrameRaisesUpstreamError) {
  Parts p;
  std::string msg = "pack: error: big.csv:12: 'x' is not a valid i32";
  try {
    ReadAll(p.header + p.schema1 + p.batch1a + ErrorFrame(msg));
    FAIL() << "no error";
  } catch (const UpstreamError& e) {
    EXPECT_EQ(std::string(e.what()), msg);
  }
}

// A damaged error frame is our own DataError with name and offset, not the upstream's message.
TEST(StreamReader, MalformedErrorFrame) {
  Parts p;
  size_t at = kStreamHeaderSize + p.schema1.size();
  std::string frame = FrameBytes(FrameType::kError, 0, 0, std::string_view("\x09\0\0\0oops", 8));
  try {
    ReadAll(p.header + p.schema1 + frame);
    FAIL() << "no error";
  } catch (const UpstreamError& e) {
    FAIL() << "taken as an upstream message: " << e.what();
  } catch (const DataError& e) {
    EXPECT_TRUE(Contains(e.what(), "in.rec: byte " + std::to_string(at) + ": ")) << e.what();
  }
}

TEST(StreamReader, BatchBeforeItsSchema) {
  Parts p;
  size_t at = kStreamHeaderSize + p.schema1.size();
  EXPECT_EQ(ErrorOf(p.header + p.schema1 + p.batch2 + p.schema2 + p.end),
            "in.rec: byte " + std::to_string(at) + ": batch for table id 2 before its schema");
}

TEST(StreamReader, DuplicateSchema) {
  Parts p;
  EXPECT_TRUE(Contains(ErrorOf(p.header + p.schema1 + p.schema2 + p.schema1 + p.end), "second schema"));
}

TEST(StreamReader, MalformedSchemaAndBatchPayloads) {
  Parts p;
  std::string e = ErrorOf(p.header + FrameBytes(FrameType::kSchema, 1, 0, std::string_view("\x05\0\0\0ab", 6)) + p.end);
  EXPECT_TRUE(Contains(e, "byte 16")) << e;
  EXPECT_TRUE(Contains(e, "schema frame")) << e;
  // A batch with a good checksum whose count does not match its records.
  std::string payload = p.batch1a.substr(kFrameHeaderSize);
  size_t at = kStreamHeaderSize + p.schema1.size();
  e = ErrorOf(p.header + p.schema1 + FrameBytes(FrameType::kBatch, 1, 3, payload) + EndFrame({{1, 3}}));
  EXPECT_TRUE(Contains(e, "in.rec: byte " + std::to_string(at) + ": ")) << e;
}

TEST(StreamReader, FrameLengthOutOfRange) {
  Parts p;
  std::string frame = p.schema1;
  Store<uint32_t>(frame.data(), kMaxFramePayload + 1);
  std::string e = ErrorOf(p.header + frame);
  EXPECT_TRUE(Contains(e, "byte 16")) << e;
  EXPECT_TRUE(Contains(e, "out of range")) << e;
}

// The magic number cut after 1 to 7 bytes is a stream cut short, named as such with its length; a damaged magic
// names the first byte that differs.
TEST(StreamReader, MagicCutOrDamagedNamesTheOffset) {
  std::string all = Parts().All();
  for (size_t n = 1; n < 8; ++n) {
    EXPECT_EQ(ErrorOf(all.substr(0, n)), "in.rec: byte " + std::to_string(n) +
                                             ": stream header cut short: a record stream cut after " +
                                             std::to_string(n) + (n == 1 ? " byte" : " bytes"));
  }
  for (size_t i = 0; i < 8; ++i) {
    std::string bad = all;
    bad[i] ^= 0x20;
    EXPECT_EQ(ErrorOf(bad), "in.rec: byte " + std::to_string(i) + ": not a recpipe stream (bad magic number)");
  }
}

// Rewrites the byte at `at` of a whole frame and seals the frame again, so that only the rule under test can
// object to it.
std::string Patched(std::string frame, size_t at, char value) {
  frame[at] = value;
  FrameHeader h = DecodeFrameHeader(frame.data());
  SealFrame(frame.data(), static_cast<FrameType>(h.type), h.flags, h.table_id, h.count, h.length);
  return frame;
}

const Schema kFlags{"flags", {{"id", Type::kU16, false}, {"ok", Type::kBool, false}, {"seen", Type::kBool, true}}, {}};
const Schema kNotes{"notes", {{"ok", Type::kBool, false}, {"text", Type::kString, true}}, {}};

// Three records of kFlags (fixed size 1 + 2 + 1 + 1 = 5 bytes: bitmap, id, ok, seen) in one batch frame.
std::string FlagsBatch(uint32_t table_id = 1) {
  TableLayout l(kFlags);
  Buffer b;
  BatchBuilder bb(&b, table_id, l);
  for (uint16_t id : {10, 11, 12}) {
    bb.Begin();
    bb.SetFixed<uint16_t>(0, id);
    bb.SetFixed<uint8_t>(1, id % 2);
    if (id == 11) {
      bb.SetNull(2);
    } else {
      bb.SetFixed<uint8_t>(2, 1);
    }
    bb.End();
  }
  bb.Finish();
  return std::string(b.view());
}

TEST(StreamReader, BoolOtherThanZeroOrOneIsAnError) {
  const std::string header = StreamHeader() + FrameBytes(FrameType::kSchema, 1, 0, EncodeSchema(kFlags));
  const std::string batch = FlagsBatch();
  ASSERT_EQ(batch.size(), kFrameHeaderSize + 15);
  EXPECT_EQ(ReadAll(header + batch + batch + EndFrame({{1, 6}})).frames.size(), 3u);
  const size_t at = header.size() + batch.size();  // the second batch: records 3 to 5 of the table
  // Record 4 (the second of that batch) starts at 5; its field 'ok' sits at 3 within it.
  for (char v : {'\x02', '\xff'}) {
    EXPECT_EQ(ErrorOf(header + batch + Patched(batch, kFrameHeaderSize + 5 + 3, v) + EndFrame({{1, 6}})),
              "in.rec: byte " + std::to_string(at) + ": table 'flags': record 4: field 'ok' is a bool of value " +
                  std::to_string(static_cast<unsigned char>(v)) + " (only 0 and 1 are valid)");
  }
  // A null bool is all zero bytes too: its 2 is as wrong as any other.
  std::string e = ErrorOf(header + Patched(batch, kFrameHeaderSize + 5 + 4, '\x02') + EndFrame({{1, 3}}));
  EXPECT_EQ(e, "in.rec: byte " + std::to_string(header.size()) +
                   ": table 'flags': record 1: field 'seen' is a bool of value 2 (only 0 and 1 are valid)");
}

TEST(StreamReader, BoolInARecordWithStringsIsCheckedToo) {
  TableLayout l(kNotes);
  Buffer b;
  BatchBuilder bb(&b, 1, l);
  bb.Begin();
  bb.SetFixed<uint8_t>(0, 1);
  bb.AddVariable("hi");
  bb.End();
  bb.Finish();
  const std::string batch(b.view());
  const std::string header = StreamHeader() + FrameBytes(FrameType::kSchema, 1, 0, EncodeSchema(kNotes));
  EXPECT_EQ(ReadAll(header + batch + EndFrame({{1, 1}})).frames.size(), 2u);
  // length prefix (4), bitmap (1), then 'ok'
  EXPECT_EQ(ErrorOf(header + Patched(batch, kFrameHeaderSize + 4 + 1, '\x03') + EndFrame({{1, 1}})),
            "in.rec: byte " + std::to_string(header.size()) +
                ": table 'notes': record 0: field 'ok' is a bool of value 3 (only 0 and 1 are valid)");
}

TEST(StreamReader, UnusedNullBitmapBitsSetAreAnError) {
  // kFlags has one nullable field: bits 1-7 of its bitmap byte are unused.
  const std::string header = StreamHeader() + FrameBytes(FrameType::kSchema, 1, 0, EncodeSchema(kFlags));
  const std::string batch = FlagsBatch();
  for (char bitmap : {'\x02', '\x80', '\xfe', '\x03'}) {
    EXPECT_EQ(
        ErrorOf(header + Patched(batch, kFrameHeaderSize + 10, bitmap) + EndFrame({{1, 3}})),
        "in.rec: byte " + std::to_string(header.size()) + ": table 'flags': record 2: null bitmap has unused bits set")
        << int{bitmap};
  }
  // Bit 0 is the field's own: setting it makes a null, which is fine.
  EXPECT_EQ(ReadAll(header + Patched(batch, kFrameHeaderSize + 10, '\x01') + EndFrame({{1, 3}})).frames.size(), 2u);
  // With strings: Parts' people table (one nullable field) has its bitmap after the length prefix.
  Parts p;
  std::string e = ErrorOf(p.header + p.schema1 + Patched(p.batch1a, kFrameHeaderSize + 4, '\x41') + p.schema2 +
                          p.batch2 + p.batch1b + p.end);
  EXPECT_EQ(e, "in.rec: byte " + std::to_string(kStreamHeaderSize + p.schema1.size()) +
                   ": table 'people': record 0: null bitmap has unused bits set");
}

// A schema payload written by hand, field by field (EncodeSchema refuses what these tests need).
std::string SchemaPayload(std::string_view table, const std::vector<std::pair<std::string, uint8_t>>& fields) {
  std::string out;
  ByteWriter w(&out);
  w.WriteString(table);
  w.Write<uint16_t>(static_cast<uint16_t>(fields.size()));
  for (const auto& [name, code] : fields) {
    w.WriteString(name);
    w.Write<uint8_t>(code);
    w.Write<uint8_t>(0);
  }
  w.Write<uint16_t>(0);
  return out;
}

TEST(StreamReader, DuplicateFieldNamesAreAnErrorAtTheSchemaFrame) {
  Parts p;
  const std::string dup = FrameBytes(FrameType::kSchema, 3, 0, SchemaPayload("t", {{"a", 5}, {"b", 12}, {"a", 12}}));
  const size_t at = kStreamHeaderSize + p.schema1.size();
  EXPECT_EQ(ErrorOf(p.header + p.schema1 + dup + p.end),
            "in.rec: byte " + std::to_string(at) + ": schema frame: table 't' has two fields named 'a'");
  // Names differing only in case are different names.
  const std::string fine = FrameBytes(FrameType::kSchema, 3, 0, SchemaPayload("t", {{"a", 5}, {"A", 5}}));
  EXPECT_EQ(ReadAll(p.header + fine + EndFrame({{3, 0}})).frames.size(), 1u);
}

// recpipe-stream(5): a table without fields holds no records. Its schema and an END count of 0 are fine.
TEST(StreamReader, TableWithoutFieldsHoldsNoRecords) {
  const std::string header = StreamHeader() + FrameBytes(FrameType::kSchema, 4, 0, SchemaPayload("empty", {}));
  EXPECT_EQ(ReadAll(header + EndFrame({{4, 0}})).frames.size(), 1u);
  EXPECT_EQ(ErrorOf(header + FrameBytes(FrameType::kBatch, 4, 3, "") + EndFrame({{4, 3}})),
            "in.rec: byte " + std::to_string(header.size()) +
                ": table 'empty': batch of 3 records for a table without fields, which holds none");
  const std::string e = ErrorOf(header + EndFrame({{4, 3}}));
  EXPECT_TRUE(Contains(e, "table 'empty' should have 3 records")) << e;
}

}  // namespace
}  // namespace recpipe
