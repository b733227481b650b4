#include "lib/container_writer.h"

#include <cstring>

#include "lib/block_codec.h"
#include "lib/byte_cursor.h"
#include "lib/endian.h"
#include "lib/error.h"
#include "lib/frame.h"

namespace recpipe {

void MakeBlockFrame(uint32_t table_id, uint32_t count, uint64_t first_record, Codec codec, int level,
                    std::string_view image, const std::vector<FieldStat>& stats, Buffer* out) {
  BlockHeader h;
  h.first_record = first_record;
  h.raw_size = static_cast<uint32_t>(image.size());
  h.codec = codec;
  h.stats = stats;
  std::string head;
  AppendBlockHeader(h, &head);
  out->clear();
  out->Extend(kFrameHeaderSize);
  out->Append(head);
  CompressBlock(codec, level, image, out);
  const size_t length = out->size() - kFrameHeaderSize;
  if (length > kMaxFramePayload) throw DataError("a compressed block of " + std::to_string(length) + " bytes is too large");
  SealFrame(out->data(), kBlockFrame, 0, table_id, count, length);
}

void ContainerWriter::Put(std::string_view bytes) {
  out_.Write(bytes);
  offset_ += bytes.size();
}

void ContainerWriter::EnsureHeader() {
  if (offset_ != 0) return;
  char head[kContainerHeaderSize];
  std::memcpy(head, kContainerMagic, sizeof kContainerMagic);
  Store<uint16_t>(head + 8, kContainerMajorVersion);
  Store<uint16_t>(head + 10, kContainerMinorVersion);
  Store<uint32_t>(head + 12, 0);
  Put({head, sizeof head});
}

void ContainerWriter::WriteSchema(uint32_t table_id, const Schema& schema) {
  EnsureHeader();
  scratch_.clear();
  AppendFrame(&scratch_, FrameType::kSchema, table_id, 0, EncodeSchema(schema));
  IndexEntry e;
  e.offset = offset_;
  e.frame_size = static_cast<uint32_t>(scratch_.size());
  e.type = FrameType::kSchema;
  e.table_id = table_id;
  index_.push_back(e);
  order_.push_back(table_id);
  records_[table_id] = 0;
  Put(scratch_.view());
}

void ContainerWriter::WriteBlock(uint32_t table_id, std::string_view frame) {
  FrameHeader fh = DecodeFrameHeader(frame.data());
  std::string_view payload = frame.substr(kFrameHeaderSize);
  BlockHeader bh = DecodeBlockHeader(payload, "block header");
  auto known = records_.find(table_id);
  if (known == records_.end()) throw std::logic_error("ContainerWriter: a block before its table's schema");
  if (fh.table_id != table_id || bh.first_record != known->second) {
    // Patch the table id and first record in a copy and reseal it; the compressed bytes stay as they are.
    scratch_.clear();
    scratch_.Append(frame);
    Store<uint64_t>(scratch_.data() + kFrameHeaderSize, known->second);
    SealFrame(scratch_.data(), kBlockFrame, fh.flags, table_id, fh.count, fh.length);
    frame = scratch_.view();
    bh.first_record = known->second;
  }
  IndexEntry e;
  e.offset = offset_;
  e.frame_size = static_cast<uint32_t>(frame.size());
  e.type = kBlockFrame;
  e.table_id = table_id;
  e.count = fh.count;
  e.block = std::move(bh);
  index_.push_back(std::move(e));
  known->second += fh.count;
  ++blocks_;
  Put(frame);
}

uint64_t ContainerWriter::records(uint32_t table_id) const {
  auto it = records_.find(table_id);
  return it == records_.end() ? 0 : it->second;
}

void ContainerWriter::Finish() {
  EnsureHeader();
  std::string end;
  ByteWriter w(&end);
  w.Write<uint32_t>(static_cast<uint32_t>(order_.size()));
  for (uint32_t id : order_) {
    w.Write<uint32_t>(id);
    w.Write<uint64_t>(records_[id]);
  }
  scratch_.clear();
  AppendFrame(&scratch_, FrameType::kEnd, 0, 0, end);
  IndexEntry e;
  e.offset = offset_;
  e.frame_size = static_cast<uint32_t>(scratch_.size());
  e.type = FrameType::kEnd;
  index_.push_back(e);
  Put(scratch_.view());

  Trailer t;
  t.index_offset = offset_;
  scratch_.clear();
  AppendFrame(&scratch_, kIndexFrame, 0, 0, EncodeIndex(index_));
  Put(scratch_.view());
  t.file_size = offset_ + kTrailerFrameSize;
  scratch_.clear();
  AppendFrame(&scratch_, kTrailerFrame, 0, 0, EncodeTrailer(t));
  Put(scratch_.view());
}

}  // namespace recpipe
