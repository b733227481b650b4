#include "cmd/merge/concatenate.h"

#include <map>

#include "cmd/merge/merge_input.h"
#include "lib/batch_grouper.h"
#include "lib/progress.h"

namespace recpipe::merge {

void Concatenate(const MergeOptions& options, MergeOutput& out, RunStats& stats) {
  TableRegistry registry;
  for (const std::string& path : options.inputs) {
    MergeInput in = OpenMergeInput(path, options.common.threads);
    BatchGrouper groups(*in.frames, options.batch_bytes);
    std::map<uint32_t, const MergedTable*> by_id;  // this input's table ids; reading stage only
    Progress progress("merge", in.file->raw_size(), options.common.progress, options.common.quiet);
    RunMergePipeline(options.common.threads, out, progress, [&](MergeItem& item) {
      uint32_t input_table = 0;
      bool more = groups.Next(
          &item.frames, &input_table, &item.records,
          [&](uint32_t id) {
            by_id[id] = &registry.Join(in.frames->schema(id), in.name(), [&](const MergedTable& t) { out.Declare(t); });
          },
          [](const Frame&) { return true; });
      if (more) {
        item.table = by_id.at(input_table);
        item.retag = input_table != item.table->id;
        stats.records_in += item.records;
      }
      item.raw_read = in.file->raw_bytes_read();
      return more;
    });
    progress.Finish();
    stats.bytes_in += in.file->raw_bytes_read();
  }
}

}  // namespace recpipe::merge
