#include "lib/stream_reader.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "lib/byte_cursor.h"
#include "lib/endian.h"
#include "lib/error.h"
#include "lib/frame.h"
#include "lib/record_view.h"

namespace recpipe {

bool LooksLikeStream(std::string_view head) {
  return head.size() >= sizeof kStreamMagic && std::memcmp(head.data(), kStreamMagic, sizeof kStreamMagic) == 0;
}

StreamReader::StreamReader(ByteSource& src, std::string name, bool verify_checksums)
    : src_(src), name_(std::move(name)), verify_checksums_(verify_checksums) {
  char head[kStreamHeaderSize];
  size_t got = ReadFully(head, sizeof head);
  if (got == 0) throw DataError(name_ + ": empty input, not a recpipe stream");
  const size_t magic_bytes = std::min(got, sizeof kStreamMagic);
  for (size_t i = 0; i < magic_bytes; ++i) {
    if (head[i] != static_cast<char>(kStreamMagic[i])) Fail(i, "not a recpipe stream (bad magic number)");
  }
  if (got < sizeof head) {
    Fail(got,
         "stream header cut short: a record stream cut after " + std::to_string(got) + (got == 1 ? " byte" : " bytes"));
  }
  uint16_t major = Load<uint16_t>(head + 8);
  if (major != kStreamMajorVersion) {
    Fail(8, "unsupported stream version " + std::to_string(major) + " (this reader knows version " +
                std::to_string(kStreamMajorVersion) + ")");
  }
  offset_ = got;
}

void StreamReader::Fail(uint64_t offset, const std::string& what) const {
  throw DataError(name_ + ": byte " + std::to_string(offset) + ": " + what);
}

size_t StreamReader::ReadFully(char* buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    size_t k = src_.Read(buf + got, n - got);
    if (k == 0) break;
    got += k;
  }
  return got;
}

bool StreamReader::Next(Frame* frame) {
  for (;;) {
    if (ended_) return false;
    const uint64_t at = offset_;
    frame->bytes.clear();
    char* hp = frame->bytes.Extend(kFrameHeaderSize);
    size_t got = ReadFully(hp, kFrameHeaderSize);
    offset_ += got;
    if (got == 0) Fail(at, "stream ends without its end marker");
    if (got < kFrameHeaderSize) Fail(at, "frame header cut short");
    FrameHeader h = DecodeFrameHeader(frame->bytes.data());
    if (h.length > kMaxFramePayload) Fail(at, "frame length " + std::to_string(h.length) + " is out of range");
    // Grow with the bytes that actually arrive, so that a damaged length on a short input cannot make us
    // allocate up to kMaxFramePayload first.
    got = 0;
    while (got < h.length) {
      size_t step = std::min<size_t>(h.length - got, std::max<size_t>(got, size_t{1} << 20));
      frame->bytes.Extend(step);
      size_t k = ReadFully(frame->bytes.data() + kFrameHeaderSize + got, step);
      got += k;
      if (k < step) {
        frame->bytes.Truncate(kFrameHeaderSize + got);
        break;
      }
    }
    offset_ += got;
    if (got < h.length) {
      Fail(at, "frame cut short (" + std::to_string(got) + " of " + std::to_string(h.length) + " payload bytes)");
    }
    const char* payload = frame->bytes.data() + kFrameHeaderSize;
    if (verify_checksums_ && FrameChecksum(frame->bytes.data(), payload, h.length) != h.checksum) {
      Fail(at, "checksum mismatch");
    }
    std::string_view body(payload, h.length);
    frame->type = static_cast<FrameType>(h.type);
    frame->table_id = h.table_id;
    frame->count = h.count;
    frame->offset = at;
    switch (frame->type) {
      case FrameType::kSchema: {
        if (tables_.count(h.table_id)) Fail(at, "second schema for table id " + std::to_string(h.table_id));
        Table t;
        try {
          t.schema = DecodeSchema(body);
        } catch (const DataError& e) {
          Fail(at, e.what());
        }
        t.layout = std::make_unique<TableLayout>(t.schema);
        tables_.emplace(h.table_id, std::move(t));
        order_.push_back(h.table_id);
        return true;
      }
      case FrameType::kBatch: {
        auto it = tables_.find(h.table_id);
        if (it == tables_.end()) Fail(at, "batch for table id " + std::to_string(h.table_id) + " before its schema");
        std::string why;
        if (!ValidateBatch(*it->second.layout, body, h.count, &why, it->second.records)) {
          Fail(at, "table '" + it->second.schema.name + "': " + why);
        }
        it->second.records += h.count;
        return true;
      }
      case FrameType::kEnd:
        CheckEnd(body, at);
        ended_ = true;
        {
          char extra;
          if (ReadFully(&extra, 1) != 0) Fail(offset_, "data after the end of the stream");
        }
        return false;
      case FrameType::kError: {
        std::string message;
        try {
          ByteReader r(body, "error frame");
          message = r.ReadString();
        } catch (const DataError& e) {
          Fail(at, e.what());
        }
        throw UpstreamError(message);
      }
      default:
        if (h.flags & kFrameSkippable) continue;
        Fail(at, "unknown frame type " + std::to_string(h.type));
    }
  }
}

void StreamReader::CheckEnd(std::string_view payload, uint64_t offset) {
  try {
    ByteReader r(payload, "end frame");
    std::set<uint32_t> listed;
    uint32_t n = r.Read<uint32_t>();
    if (n != tables_.size()) {
      Fail(offset, "end marker lists " + std::to_string(n) + " tables, the stream declared " +
                       std::to_string(tables_.size()));
    }
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t id = r.Read<uint32_t>();
      uint64_t count = r.Read<uint64_t>();
      auto it = tables_.find(id);
      if (it == tables_.end()) Fail(offset, "end marker names unknown table id " + std::to_string(id));
      if (!listed.insert(id).second) Fail(offset, "end marker lists table id " + std::to_string(id) + " twice");
      if (it->second.records != count) {
        Fail(offset, "table '" + it->second.schema.name + "' should have " + std::to_string(count) +
                         " records, the stream held " + std::to_string(it->second.records));
      }
    }
    if (!r.AtEnd()) Fail(offset, "end frame is longer than its table list");
  } catch (const UpstreamError&) {
    throw;
  } catch (const DataError& e) {
    std::string what = e.what();
    if (what.rfind(name_, 0) == 0) throw;
    Fail(offset, what);
  }
}

}  // namespace recpipe
