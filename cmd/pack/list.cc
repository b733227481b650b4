// pack --list: a container's tables (schema, records, blocks, sizes, ratio) from its index, or from its frames in
// order when it is read from a pipe; with -v, one line per block as well.
#include <cstdio>
#include <iostream>
#include <map>

#include "cmd/pack/pack.h"
#include "lib/container_reader.h"
#include "lib/error.h"
#include "lib/input_file.h"
#include "lib/progress.h"

namespace recpipe::pack {
namespace {

struct TableSummary {
  uint64_t records = 0, blocks = 0, raw = 0, packed = 0;
};

std::string Ratio(uint64_t raw, uint64_t packed) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", packed ? static_cast<double>(raw) / static_cast<double>(packed) : 0.0);
  return buf;
}

std::string StatText(const Schema& schema, const FieldStat& s) {
  const Field& f = schema.fields.at(s.field);
  if (!s.present) return f.name + "=null";
  if (IsSigned(f.type)) {
    return f.name + "=" + std::to_string(static_cast<int64_t>(s.min)) + ".." + std::to_string(static_cast<int64_t>(s.max));
  }
  return f.name + "=" + std::to_string(s.min) + ".." + std::to_string(s.max);
}

}  // namespace

void List(const PackOptions& options) {
  const std::string input = options.common.inputs.empty() ? "-" : options.common.inputs[0];
  std::unique_ptr<InputFile> in = InputFile::Open(input, 1);
  ContainerReader reader(*in, true);
  std::vector<IndexEntry> blocks;
  if (reader.indexed()) {
    for (const IndexEntry& e : reader.entries()) {
      if (e.type == kBlockFrame) blocks.push_back(e);
    }
  } else {
    Frame f;
    uint64_t number;
    while (reader.Next(&f, &number)) {
      if (f.type != kBlockFrame) continue;
      IndexEntry e;
      e.offset = f.offset;
      e.frame_size = static_cast<uint32_t>(f.bytes.size());
      e.type = kBlockFrame;
      e.table_id = f.table_id;
      e.count = f.count;
      e.block = DecodeBlockHeader(f.payload(), "block header");
      blocks.push_back(std::move(e));
    }
  }
  std::map<uint32_t, TableSummary> sums;
  uint64_t total_raw = 0, total_packed = 0;
  for (const IndexEntry& b : blocks) {
    TableSummary& s = sums[b.table_id];
    s.records += b.count;
    s.blocks += 1;
    s.raw += b.block.raw_size;
    s.packed += b.frame_size;
    total_raw += b.block.raw_size;
    total_packed += b.frame_size;
  }
  std::string codecs;
  for (const IndexEntry& b : blocks) {
    std::string c(CodecName(b.block.codec));
    if (codecs.find(c) == std::string::npos) codecs += (codecs.empty() ? "" : ",") + c;
  }
  std::ostream& o = std::cout;
  o << reader.name() << ": pack container, " << reader.table_order().size() << " table"
    << (reader.table_order().size() == 1 ? "" : "s") << ", " << blocks.size() << " block"
    << (blocks.size() == 1 ? "" : "s") << (codecs.empty() ? "" : " (" + codecs + ")");
  if (reader.file_size()) o << ", " << *reader.file_size() << " bytes";
  o << ", columns " << total_raw << " bytes, ratio " << Ratio(total_raw, total_packed)
    << (reader.indexed() ? "" : " (no index read)") << "\n";
  for (uint32_t id : reader.table_order()) {
    const ContainerTable& t = reader.table(id);
    const TableSummary& s = sums[id];
    o << "table " << t.schema.name << ": " << s.records << " records, " << s.blocks << " blocks, columns " << s.raw
      << " bytes, packed " << s.packed << " bytes, ratio " << Ratio(s.raw, s.packed) << "\n";
    o << "  fields:";
    for (const Field& f : t.schema.fields) o << " " << f.name << ":" << TypeName(f.type) << (f.nullable ? "?" : "");
    o << "\n";
    for (const auto& [k, v] : t.schema.metadata) o << "  " << k << "=" << v << "\n";
  }
  if (options.verbose) {
    o << "block\ttable\tfirst_record\trecords\toffset\tpacked\tcolumns\tcodec\tranges\n";
    for (size_t i = 0; i < blocks.size(); ++i) {
      const IndexEntry& b = blocks[i];
      const Schema& schema = reader.table(b.table_id).schema;
      o << i << "\t" << schema.name << "\t" << b.block.first_record << "\t" << b.count << "\t" << b.offset << "\t"
        << b.frame_size << "\t" << b.block.raw_size << "\t" << CodecName(b.block.codec) << "\t";
      for (size_t k = 0; k < b.block.stats.size(); ++k) o << (k ? " " : "") << StatText(schema, b.block.stats[k]);
      o << "\n";
    }
  }
  o.flush();
  if (!o) throw DataError("standard output: write failed");
}

}  // namespace recpipe::pack
