#include "cmd/merge/block_copy.h"

#include <map>
#include <memory>

#include "lib/container_reader.h"
#include "lib/container_writer.h"
#include "lib/error.h"
#include "lib/input_file.h"
#include "lib/output_file.h"

namespace recpipe::merge {

bool CanCopyBlocks(const MergeOptions& options) {
  if (!options.key.empty() || !options.partition_by.empty()) return false;
  OutputForm form = ResolveOutputForm(options.common.to, options.common.output, false);
  if (form != OutputForm::kPack) return false;
  for (const std::string& path : options.inputs) {
    if (path == "-") return false;
    std::unique_ptr<InputFile> in = InputFile::Open(path);
    if (!in->seekable() || !LooksLikeContainer(in->Peek(sizeof kContainerMagic))) return false;
    // A damaged index is reported by the ordinary path, which reads the container in order.
    try {
      ContainerReader reader(*in, true);
      for (const IndexEntry& e : reader.entries()) {
        if (e.type == kBlockFrame && e.block.codec != options.codec) return false;
      }
    } catch (const DataError&) {
      return false;
    }
  }
  return true;
}

void CopyBlocks(const MergeOptions& options, RunStats& stats, StatsFile& stats_file) {
  OutputFile out(options.common.output);
  if (out.is_terminal()) throw UsageError("refusing to write binary records to a terminal (use -o FILE or a pipe)");
  ContainerWriter writer(out);
  struct Known {
    uint32_t id;
    Schema schema;
    std::string first_input;
  };
  std::map<std::string, Known> tables;  // by name
  for (const std::string& path : options.inputs) {
    std::unique_ptr<InputFile> in = InputFile::Open(path);
    ContainerReader reader(*in, true);
    std::map<uint32_t, uint32_t> out_id;  // this input's table id -> output table id
    for (uint32_t id : reader.table_order()) {
      const Schema& schema = reader.table(id).schema;
      auto it = tables.find(schema.name);
      if (it == tables.end()) {
        const auto next = static_cast<uint32_t>(tables.size());
        it = tables.emplace(schema.name, Known{next, schema, reader.name()}).first;
        writer.WriteSchema(next, schema);
      } else if (it->second.schema.fields != schema.fields) {
        throw DataError(reader.name() + ": table '" + schema.name + "' has other fields than in " +
                        it->second.first_input);
      }
      out_id[id] = it->second.id;
    }
    Frame block;
    uint64_t number = 0;
    for (const IndexEntry& e : reader.entries()) {
      if (e.type != kBlockFrame) continue;
      reader.ReadEntry(e, number++, &block);
      writer.WriteBlock(out_id.at(e.table_id), block.bytes.view());
      stats.records_in += e.count;
    }
    stats.bytes_in += reader.bytes_read();
  }
  writer.Finish();
  for (const auto& [name, t] : tables) stats.records_out += writer.records(t.id);
  stats.bytes_out = out.bytes_written();
  stats_file.Commit(stats);
  out.Commit();
}

}  // namespace recpipe::merge
