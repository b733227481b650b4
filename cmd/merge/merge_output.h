// Where merge's records go: one output (a file or standard output), or one file per value of a field
// (partition.h). Declare runs on the reading stage, Render on the workers, Write and Finish on the writing stage
// (or after the pipeline), as record_sink.h describes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cmd/merge/merge_item.h"
#include "cmd/merge/table_registry.h"
#include "lib/command_line.h"
#include "lib/output_file.h"
#include "lib/progress.h"
#include "lib/record_sink.h"

namespace recpipe::merge {

// An output file and the sink that writes records into it. OpenOutputTarget is the one place outputs are made,
// so that a new output kind (a pack container for names ending in .rpk) needs a change there only.
struct OutputTarget {
  std::unique_ptr<OutputFile> file;
  std::unique_ptr<RecordSink> sink;  // writes into *file; declared after it so that it goes first
};
OutputTarget OpenOutputTarget(const std::string& path, const CommonOptions& common, Codec codec);

class MergeOutput {
 public:
  virtual ~MergeOutput() = default;
  // A new output table (ids in order from 0). Throws DataError when this output cannot take it.
  virtual void Declare(const MergedTable& table) = 0;
  // Worker: whatever may be done ahead of writing (text rendering). Thread-safe.
  virtual void Render(MergeItem& item) const = 0;
  virtual void Write(MergeItem& item) = 0;
  // After the last item: end markers; the outputs are complete but not yet in place.
  virtual void Finish() = 0;
  // Puts every output in place (after --stats is written: see StatsFile).
  virtual void Commit() = 0;
  // The sink whose reader should hear of a failure (an output read as it is written), or null.
  virtual RecordSink* streaming_sink() = 0;
  virtual uint64_t records_out() const = 0;
  virtual uint64_t bytes_out() const = 0;
};

// All tables to one output.
class SingleOutput : public MergeOutput {
 public:
  SingleOutput(const std::string& path, const CommonOptions& common, Codec codec);
  void Declare(const MergedTable& table) override;
  void Render(MergeItem& item) const override;
  void Write(MergeItem& item) override;
  void Finish() override;
  void Commit() override;
  RecordSink* streaming_sink() override { return target_.file->atomic() ? nullptr : target_.sink.get(); }
  uint64_t records_out() const override { return target_.sink->records_out(); }
  uint64_t bytes_out() const override { return target_.file->bytes_written(); }

 private:
  const SinkTable& Table(uint32_t id) const;

  OutputTarget target_;
  mutable std::mutex mutex_;              // tables_ grows on the reading stage while the others look up
  std::vector<const SinkTable*> tables_;  // by MergedTable id
};

// The ordered pipeline every merge mode runs: read fills items in output order (false at the end); workers retag
// and render them; the writing stage writes them to out and reports progress.
void RunMergePipeline(int threads, MergeOutput& out, Progress& progress, const std::function<bool(MergeItem&)>& read);

}  // namespace recpipe::merge
