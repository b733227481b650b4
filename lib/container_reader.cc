#include "lib/container_reader.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "lib/block_codec.h"
#include "lib/byte_cursor.h"
#include "lib/column_image.h"
#include "lib/endian.h"
#include "lib/error.h"
#include "lib/frame.h"
#include "lib/input_file.h"

namespace recpipe {
namespace {

std::string FrameName(FrameType t) {
  switch (t) {
    case FrameType::kSchema: return "schema frame";
    case FrameType::kEnd: return "end frame";
    default: break;
  }
  if (t == kBlockFrame) return "block";
  if (t == kIndexFrame) return "index frame";
  if (t == kTrailerFrame) return "trailer";
  return "frame of unknown type " + std::to_string(static_cast<int>(t));
}

bool KnownType(uint8_t t) {
  return t == static_cast<uint8_t>(FrameType::kSchema) || t == static_cast<uint8_t>(FrameType::kEnd) ||
         t == static_cast<uint8_t>(kBlockFrame) || t == static_cast<uint8_t>(kIndexFrame) ||
         t == static_cast<uint8_t>(kTrailerFrame);
}

}  // namespace

ContainerReader::ContainerReader(InputFile& in, IndexUse use) : in_(in), seq_(in), name_(in.name()) {
  char head[kContainerHeaderSize];
  size_t got = seq_.Read(head, sizeof head);
  if (got == 0) throw DataError(name_ + ": empty input, not a pack container");
  if (std::memcmp(head, kContainerMagic, std::min(got, sizeof kContainerMagic)) != 0) {
    throw DataError(name_ + ": not a pack container (bad magic number)");
  }
  if (got < sizeof head) Fail(got, "container header cut short");
  uint16_t major = Load<uint16_t>(head + 8);
  if (major != kContainerMajorVersion) {
    Fail(8, "unsupported container version " + std::to_string(major) + " (this reader knows version " +
                std::to_string(kContainerMajorVersion) + ")");
  }
  if (Load<uint32_t>(head + 12) != 0) Fail(12, "container header: reserved bytes are not zero");
  pos_ = got;
  if (in_.seekable()) file_size_ = in_.raw_size();
  if (use == IndexUse::kNone || !in_.seekable()) return;
  try {
    LoadIndex();
  } catch (const DataError& e) {
    if (use != IndexUse::kFallBack) throw;
    // LoadIndex reads at offsets and leaves the sequential position alone: reading in order starts after the
    // header as if the index had never been looked at.
    index_damage_ = e.what();
    entries_.clear();
    tables_.clear();
    order_.clear();
  }
}

void ContainerReader::Fail(uint64_t offset, const std::string& what) const {
  throw DataError(name_ + ": byte " + std::to_string(offset) + ": " + what);
}

const ContainerTable& ContainerReader::table(uint32_t id) const {
  auto it = tables_.find(id);
  if (it == tables_.end()) throw DataError(name_ + ": no table with id " + std::to_string(id));
  return it->second;
}

void ContainerReader::AddTable(uint32_t id, std::string_view payload, uint64_t at) {
  if (tables_.count(id)) Fail(at, "second schema for table id " + std::to_string(id));
  ContainerTable t;
  try {
    t.schema = DecodeSchema(payload);
  } catch (const DataError& e) {
    Fail(at, e.what());
  }
  t.layout = std::make_unique<TableLayout>(t.schema);
  tables_.emplace(id, std::move(t));
  order_.push_back(id);
}

void ContainerReader::LoadIndex() {
  const uint64_t size = *file_size_;
  if (size < kContainerHeaderSize + kTrailerFrameSize) {
    Fail(size, "container cut short: no room for its trailer");
  }
  Buffer trailer;
  char* tp = trailer.Extend(kTrailerFrameSize);
  const uint64_t trailer_at = size - kTrailerFrameSize;
  in_.ReadAt(trailer_at, tp, kTrailerFrameSize);
  bytes_read_ += kTrailerFrameSize;
  FrameHeader th = DecodeFrameHeader(tp);
  if (th.type != static_cast<uint8_t>(kTrailerFrame) || th.length != kTrailerPayloadSize ||
      FrameChecksum(tp, tp + kFrameHeaderSize, th.length) != th.checksum) {
    Fail(trailer_at, "no sound trailer at the end: the container is cut short or damaged (pack -d --skip-damaged "
                     "reads what is left)");
  }
  Trailer t = DecodeTrailer(trailer.view().substr(kFrameHeaderSize), "trailer");
  if (t.file_size != size) {
    Fail(trailer_at, "the trailer gives a file size of " + std::to_string(t.file_size) + " bytes, the file has " +
                         std::to_string(size));
  }
  if (t.index_offset < kContainerHeaderSize || t.index_offset + kFrameHeaderSize > trailer_at) {
    Fail(trailer_at, "the trailer points outside the file");
  }
  Frame index;
  IndexEntry ie;
  ie.offset = t.index_offset;
  ie.frame_size = static_cast<uint32_t>(trailer_at - t.index_offset);
  ie.type = kIndexFrame;
  ReadEntry(ie, 0, &index);
  entries_ = DecodeIndex(index.payload(), "index frame");
  // The schemas sit together near the start as a rule; one read covers each run of them.
  bool ended = false;
  uint64_t expect = kContainerHeaderSize;
  for (const IndexEntry& e : entries_) {
    if (e.offset != expect || e.frame_size < kFrameHeaderSize) Fail(t.index_offset, "index entries do not tile the file");
    expect = e.offset + e.frame_size;
    if (e.type == FrameType::kSchema) {
      Frame f;
      ReadEntry(e, 0, &f);
      AddTable(e.table_id, f.payload(), e.offset);
    } else if (e.type == FrameType::kEnd) {
      Frame f;
      ReadEntry(e, 0, &f);
      ByteReader r(f.payload(), "end frame");
      uint32_t n = r.Read<uint32_t>();
      for (uint32_t i = 0; i < n; ++i) {
        uint32_t id = r.Read<uint32_t>();
        uint64_t count = r.Read<uint64_t>();
        auto it = tables_.find(id);
        if (it == tables_.end()) Fail(e.offset, "end marker names unknown table id " + std::to_string(id));
        it->second.records = count;
      }
      ended = true;
    } else if (e.type == kBlockFrame) {
      if (!tables_.count(e.table_id)) Fail(e.offset, "index lists a block before its table's schema");
    } else {
      Fail(t.index_offset, "index lists a " + FrameName(e.type));
    }
  }
  if (expect != t.index_offset) Fail(t.index_offset, "index entries do not reach the index");
  if (!ended) Fail(t.index_offset, "index lists no end marker");
  indexed_ = true;
}

void ContainerReader::ReadEntry(const IndexEntry& entry, uint64_t block_number, Frame* frame) {
  const std::string what = entry.type == kBlockFrame ? "block " + std::to_string(block_number) : FrameName(entry.type);
  if (entry.frame_size < kFrameHeaderSize || entry.frame_size - kFrameHeaderSize > kMaxFramePayload) {
    Fail(entry.offset, what + ": the index gives an impossible size");
  }
  frame->bytes.clear();
  char* p = frame->bytes.Extend(entry.frame_size);
  size_t got = in_.ReadAt(entry.offset, p, entry.frame_size);
  bytes_read_ += got;
  if (got < entry.frame_size) Fail(entry.offset, what + ": cut short");
  FrameHeader h = DecodeFrameHeader(p);
  if (h.length != entry.frame_size - kFrameHeaderSize || h.type != static_cast<uint8_t>(entry.type)) {
    Fail(entry.offset, what + ": the frame found there is not the one the index lists");
  }
  if (FrameChecksum(p, p + kFrameHeaderSize, h.length) != h.checksum) Fail(entry.offset, what + ": checksum mismatch");
  if (entry.type == kBlockFrame && (h.table_id != entry.table_id || h.count != entry.count)) {
    Fail(entry.offset, what + ": table or record count differs from the index");
  }
  frame->type = static_cast<FrameType>(h.type);
  frame->table_id = h.table_id;
  frame->count = h.count;
  frame->offset = entry.offset;
}

std::string ContainerReader::ReadFrameAt(Frame* frame, bool* at_eof) {
  *at_eof = false;
  frame->bytes.clear();
  char* hp = frame->bytes.Extend(kFrameHeaderSize);
  size_t got = seq_.Read(hp, kFrameHeaderSize);
  pos_ += got;
  if (got < kFrameHeaderSize) frame->bytes.Truncate(got);
  if (got == 0) {
    *at_eof = true;
    return "container ends without its end marker, index and trailer (cut short)";
  }
  if (got < kFrameHeaderSize) return "frame header cut short";
  FrameHeader h = DecodeFrameHeader(hp);
  frame->type = static_cast<FrameType>(h.type);
  if (!KnownType(h.type)) return "unknown frame type " + std::to_string(h.type);
  if (h.length > kMaxFramePayload || (file_size_ && h.length > *file_size_ - pos_)) {
    return FrameName(static_cast<FrameType>(h.type)) + ": length " + std::to_string(h.length) + " is out of range";
  }
  got = 0;
  while (got < h.length) {
    size_t step = std::min<size_t>(h.length - got, std::max<size_t>(got, size_t{1} << 20));
    frame->bytes.Extend(step);
    size_t k = seq_.Read(frame->bytes.data() + kFrameHeaderSize + got, step);
    got += k;
    if (k < step) {
      frame->bytes.Truncate(kFrameHeaderSize + got);
      break;
    }
  }
  pos_ += got;
  frame->table_id = h.table_id;
  frame->count = h.count;
  if (got < h.length) return FrameName(frame->type) + ": cut short";
  const char* payload = frame->bytes.data() + kFrameHeaderSize;
  if (FrameChecksum(frame->bytes.data(), payload, h.length) != h.checksum) {
    return FrameName(frame->type) + ": checksum mismatch";
  }
  return "";
}

bool ContainerReader::PlausibleHeader(const FrameHeader& h, uint64_t at) const {
  return KnownType(h.type) && h.flags == 0 && h.reserved == 0 && h.length <= kMaxFramePayload &&
         (!file_size_ || (at + kFrameHeaderSize <= *file_size_ && h.length <= *file_size_ - at - kFrameHeaderSize));
}

bool ContainerReader::Resync(uint64_t at, std::string_view read_since) {
  // Damage inside a payload leaves the length sound: when a frame header follows where the length says the frame
  // ends, reading goes on there, so that each damaged block of a run is met (and reported) on its own.
  if (read_since.size() >= kFrameHeaderSize) {
    FrameHeader damaged = DecodeFrameHeader(read_since.data());
    std::string_view head = seq_.Peek(kFrameHeaderSize);
    if (PlausibleHeader(damaged, at) && read_since.size() == kFrameHeaderSize + damaged.length &&
        head.size() == kFrameHeaderSize && PlausibleHeader(DecodeFrameHeader(head.data()), pos_)) {
      return true;
    }
  }
  // Otherwise the damaged frame's own bytes may hold the next frame (its length field may be what was damaged): they
  // go back to the input, and the search starts one byte after the damaged frame's start. The same code serves
  // regular files and pipes; the look-ahead holds those bytes and, beyond them, at most the frame being checked.
  if (!read_since.empty()) seq_.Unread(read_since.substr(1));
  pos_ = at + (read_since.empty() ? 0 : 1);
  for (;;) {
    std::string_view head = seq_.Peek(kFrameHeaderSize);
    if (head.size() < kFrameHeaderSize) {
      seq_.Skip(head.size());
      pos_ += head.size();
      return false;
    }
    FrameHeader h = DecodeFrameHeader(head.data());
    if (PlausibleHeader(h, pos_)) {
      std::string_view f = seq_.Peek(kFrameHeaderSize + h.length);
      if (f.size() == kFrameHeaderSize + h.length &&
          FrameChecksum(f.data(), f.data() + kFrameHeaderSize, h.length) == h.checksum) {
        return true;  // the frame stays in the look-ahead, for ReadFrameAt
      }
    }
    seq_.Skip(1);
    ++pos_;
  }
}

bool ContainerReader::Next(Frame* frame, uint64_t* block_number) {
  for (;;) {
    if (stage_ == 3) return false;
    const uint64_t at = pos_;
    bool at_eof = false;
    std::string damage = ReadFrameAt(frame, &at_eof);
    frame->offset = at;
    if (!damage.empty()) {
      if (!skip_damaged_) Fail(at, damage);
      if (at_eof) {
        if (stage_ == 0) LostUnknown("the container is cut short");
        stage_ = 3;
        return false;
      }
      std::string what = damage;
      if (frame->type == kBlockFrame) {
        // Counted, so that the blocks after it keep the numbers the index gives them (--blocks).
        ++damaged_blocks_;
        what = "block " + std::to_string(blocks_seen_++) + damage.substr(5);
      }
      notes_.push_back(name_ + ": byte " + std::to_string(at) + ": " + what);
      damage_seen_ = true;
      if (!Resync(at, frame->bytes.view())) {
        if (stage_ == 0) {
          LostUnknown("nothing sound follows byte " + std::to_string(at) +
                      " (the container is cut short there or damaged to its end)");
        }
        stage_ = 3;
        return false;
      }
      continue;
    }
    std::string_view body = frame->payload();
    switch (static_cast<uint8_t>(frame->type)) {
      case static_cast<uint8_t>(FrameType::kSchema):
        if (stage_ != 0) Fail(at, "schema frame after the end marker");
        AddTable(frame->table_id, body, at);
        return true;
      case static_cast<uint8_t>(kBlockFrame): {
        if (stage_ != 0) Fail(at, "block after the end marker");
        *block_number = blocks_seen_++;
        auto it = tables_.find(frame->table_id);
        if (it == tables_.end()) {
          if (skip_damaged_ && damage_seen_) {
            // Its schema was damaged: without it the block cannot be decoded. The table's records are counted as
            // lost from the end marker (or the index), which names it.
            notes_.push_back(name_ + ": byte " + std::to_string(at) + ": block " + std::to_string(*block_number) +
                             ": its table's schema is damaged");
            ++schemaless_blocks_;
            continue;
          }
          Fail(at, "block " + std::to_string(*block_number) + " of table id " + std::to_string(frame->table_id) +
                       " before its schema");
        }
        BlockHeader bh;
        try {
          bh = DecodeBlockHeader(body, "block header");
        } catch (const DataError& e) {
          Fail(at, "block " + std::to_string(*block_number) + ": " + e.what());
        }
        ContainerTable& t = it->second;
        if (bh.first_record != t.records_seen) {
          if (!skip_damaged_ || bh.first_record < t.records_seen) {
            Fail(at, "block " + std::to_string(*block_number) + " starts at record " +
                         std::to_string(bh.first_record) + " where " + std::to_string(t.records_seen) +
                         " was expected (a block is missing)");
          }
          records_lost_ += bh.first_record - t.records_seen;
        }
        t.records_seen = bh.first_record + frame->count;
        return true;
      }
      case static_cast<uint8_t>(FrameType::kEnd):
        if (stage_ != 0) Fail(at, "second end marker");
        CheckEnd(body, at);
        stage_ = 1;
        continue;
      case static_cast<uint8_t>(kIndexFrame):
        if (stage_ == 0 && skip_damaged_) {
          CountFromIndex(body);  // the end marker was damaged
          stage_ = 1;
        }
        if (stage_ != 1) Fail(at, stage_ == 0 ? "index frame before the end marker" : "second index frame");
        stage_ = 2;
        continue;
      case static_cast<uint8_t>(kTrailerFrame): {
        if (stage_ < 2 && skip_damaged_) {
          // The index was damaged (it only lists frames, so no records went with it); with the end marker too, the
          // counts are gone.
          if (stage_ == 0) LostUnknown("the end marker and the index are damaged");
          stage_ = 2;
        }
        if (stage_ != 2) Fail(at, "trailer before the index");
        char extra;
        if (seq_.Read(&extra, 1) != 0) Fail(pos_, "data after the trailer");
        stage_ = 3;
        return false;
      }
      default:
        Fail(at, "unknown frame type " + std::to_string(static_cast<int>(frame->type)));
    }
  }
}

void ContainerReader::LostUnknown(const std::string& why) {
  if (unknown_why_.empty()) unknown_why_ = why;
}

void ContainerReader::CountFromIndex(std::string_view payload) {
  std::map<uint32_t, uint64_t> totals;
  try {
    for (const IndexEntry& e : DecodeIndex(payload, "index frame")) {
      if (e.type != kBlockFrame) continue;
      uint64_t& total = totals[e.table_id];
      total = std::max(total, e.block.first_record + e.count);
    }
  } catch (const DataError&) {
    LostUnknown("the end marker is damaged and the index does not decode");
    return;
  }
  for (auto& [id, t] : tables_) {
    auto it = totals.find(id);
    const uint64_t total = it == totals.end() ? 0 : it->second;
    if (total > t.records_seen) {
      records_lost_ += total - t.records_seen;
      t.records_seen = total;
    }
    t.records = total;
  }
  for (const auto& [id, total] : totals) {
    if (!tables_.count(id)) records_lost_ += total;  // the table's schema was damaged: all its records are lost
  }
}

void ContainerReader::CheckEnd(std::string_view payload, uint64_t at) {
  try {
    ByteReader r(payload, "end frame");
    uint32_t n = r.Read<uint32_t>();
    std::set<uint32_t> listed;
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t id = r.Read<uint32_t>();
      uint64_t count = r.Read<uint64_t>();
      if (!listed.insert(id).second) Fail(at, "end marker lists table id " + std::to_string(id) + " twice");
      auto it = tables_.find(id);
      if (it == tables_.end()) {
        if (!skip_damaged_ || !damage_seen_) Fail(at, "end marker names unknown table id " + std::to_string(id));
        records_lost_ += count;  // the table's schema was damaged: all its records are lost
        continue;
      }
      ContainerTable& t = it->second;
      t.records = count;
      if (t.records_seen != count) {
        if (!skip_damaged_ || t.records_seen > count) {
          Fail(at, "table '" + t.schema.name + "' should have " + std::to_string(count) +
                       " records, the container held " + std::to_string(t.records_seen));
        }
        records_lost_ += count - t.records_seen;
        t.records_seen = count;
      }
    }
    for (const auto& [id, t] : tables_) {
      if (!listed.count(id)) Fail(at, "end marker does not list every table");
    }
    if (!r.AtEnd()) Fail(at, "end frame is longer than its table list");
  } catch (const DataError& e) {
    std::string what = e.what();
    if (what.rfind(name_, 0) == 0) throw;
    Fail(at, what);
  }
}

void ContainerReader::DecodeBlock(const Frame& block, uint64_t block_number, Buffer* out) const {
  const std::string where = "block " + std::to_string(block_number);
  const ContainerTable& t = table(block.table_id);
  std::string_view body = block.payload();
  BlockHeader bh;
  try {
    bh = DecodeBlockHeader(body, "block header");
  } catch (const DataError& e) {
    Fail(block.offset, where + ": " + e.what());
  }
  body.remove_prefix(bh.size());
  thread_local Buffer image;
  image.clear();
  std::string why;
  if (!DecompressBlock(bh.codec, body, bh.raw_size, &image, &why)) Fail(block.offset, where + ": " + why);
  const size_t at = out->size();
  out->Extend(kFrameHeaderSize);
  if (!DecodeColumns(t.schema, *t.layout, image.view(), block.count, out, &why)) {
    Fail(block.offset, where + ": " + why);
  }
  const size_t length = out->size() - at - kFrameHeaderSize;
  if (length > kMaxFramePayload) Fail(block.offset, where + ": decodes to a batch that is too large");
  SealFrame(out->data() + at, FrameType::kBatch, 0, block.table_id, block.count, length);
}

}  // namespace recpipe
