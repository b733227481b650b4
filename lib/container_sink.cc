#include "lib/container_sink.h"

#include "lib/column_image.h"
#include "lib/frame.h"

namespace recpipe {

ContainerSink::ContainerSink(OutputFile& out, Codec codec, int level, uint64_t block_bytes)
    : writer_(out), codec_(codec), level_(level), block_bytes_(block_bytes) {}

void ContainerSink::DeclareTable(uint32_t id, const Schema& schema, const TableLayout& layout) {
  Table t;
  t.schema = &schema;
  t.layout = &layout;
  t.stat_fields = StatFields(schema);
  tables_.emplace(id, std::move(t));
  writer_.WriteSchema(id, schema);
}

void ContainerSink::Add(uint32_t id, std::string_view frames) {
  Table& t = tables_.at(id);
  while (!frames.empty()) {
    FrameHeader h = DecodeFrameHeader(frames.data());
    t.records.Append(frames.substr(kFrameHeaderSize, h.length));
    t.count += h.count;
    frames.remove_prefix(kFrameHeaderSize + h.length);
    if (t.records.size() >= block_bytes_) Flush(id, t);
  }
}

void ContainerSink::Flush(uint32_t id, Table& t) {
  if (t.count == 0) return;
  image_.clear();
  EncodeColumns(*t.schema, *t.layout, t.records.view(), t.count, t.stat_fields, &image_, &stats_);
  MakeBlockFrame(id, t.count, t.first, codec_, level_, image_.view(), stats_, &frame_);
  writer_.WriteBlock(id, frame_.view());
  t.first += t.count;
  t.count = 0;
  t.records.clear();
}

void ContainerSink::Finish() {
  for (auto& [id, t] : tables_) Flush(id, t);
  writer_.Finish();
}

}  // namespace recpipe
