// Reads a record stream frame by frame and enforces every rule of recpipe-stream(5): the magic and version, each
// frame's checksum and length, schemas before batches, well-formed records, the end marker with matching counts and
// nothing after it. Every failure is a DataError "NAME: byte OFFSET: what is wrong"; an error frame from upstream
// is an UpstreamError carrying the upstream's message. Owned by one thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lib/buffer.h"
#include "lib/decompress.h"
#include "lib/frame_source.h"
#include "lib/schema.h"
#include "lib/stream_format.h"

namespace recpipe {

// True when the bytes start like a record stream.
bool LooksLikeStream(std::string_view head);

class StreamReader : public FrameSource {
 public:
  // Reads and checks the stream header. `name` is used in messages. verify_checksums=false skips only the
  // checksum comparison, for fuzzing the structural checks behind it.
  StreamReader(ByteSource& src, std::string name, bool verify_checksums = true);

  // Fills frame with the next schema or batch frame (unknown skippable frames are passed over). Returns false once
  // the end marker has been read and checked and the input has ended.
  bool Next(Frame* frame) override;

  const Schema& schema(uint32_t table_id) const override { return tables_.at(table_id).schema; }
  const TableLayout& layout(uint32_t table_id) const override { return *tables_.at(table_id).layout; }
  const std::vector<uint32_t>& table_order() const override { return order_; }
  uint64_t records(uint32_t table_id) const override { return tables_.at(table_id).records; }
  uint64_t bytes_read() const { return offset_; }
  const std::string& name() const override { return name_; }

 private:
  struct Table {
    Schema schema;
    std::unique_ptr<TableLayout> layout;
    uint64_t records = 0;
  };
  [[noreturn]] void Fail(uint64_t offset, const std::string& what) const;
  size_t ReadFully(char* buf, size_t n);
  void CheckEnd(std::string_view payload, uint64_t offset);

  ByteSource& src_;
  std::string name_;
  uint64_t offset_ = 0;
  bool ended_ = false;
  bool verify_checksums_ = true;
  std::map<uint32_t, Table> tables_;
  std::vector<uint32_t> order_;
};

}  // namespace recpipe
