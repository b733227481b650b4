// A pack container read as a record stream: its blocks decoded one after another into batch frames, so that any
// command that takes streams (merge, dedupe, chunk) takes containers too. Sequential, on the reading thread; pack
// -d is the parallel way to unpack. Owned by one thread.
#pragma once

#include "lib/container_reader.h"
#include "lib/frame_source.h"

namespace recpipe {

class ContainerSource : public FrameSource {
 public:
  explicit ContainerSource(InputFile& in) : reader_(in, false) {}

  bool Next(Frame* frame) override;
  const Schema& schema(uint32_t table_id) const override { return reader_.table(table_id).schema; }
  const TableLayout& layout(uint32_t table_id) const override { return *reader_.table(table_id).layout; }
  const std::vector<uint32_t>& table_order() const override { return reader_.table_order(); }
  uint64_t records(uint32_t table_id) const override { return reader_.table(table_id).records_seen; }
  const std::string& name() const override { return reader_.name(); }

 private:
  ContainerReader reader_;
  Frame block_;
};

}  // namespace recpipe
