#include "cmd/merge/merge_output.h"

#include "lib/error.h"
#include "lib/ordered_pipeline.h"

namespace recpipe::merge {

void RunMergePipeline(int threads, MergeOutput& out, Progress& progress, const std::function<bool(MergeItem&)>& read) {
  RunOrdered<MergeItem>(
      threads, read,
      [&](MergeItem& item) {
        if (item.retag) RetagFrames(&item.frames, item.table->id);
        out.Render(item);
      },
      [&](MergeItem& item) {
        out.Write(item);
        progress.Update(item.raw_read);
      });
}

OutputTarget OpenOutputTarget(const std::string& path, const CommonOptions& common, Codec codec) {
  OutputTarget t;
  t.file = std::make_unique<OutputFile>(path);
  t.sink = std::make_unique<RecordSink>(*t.file, ResolveOutputForm(common.to, path, t.file->is_terminal()), codec);
  return t;
}

SingleOutput::SingleOutput(const std::string& path, const CommonOptions& common, Codec codec)
    : target_(OpenOutputTarget(path, common, codec)) {}

void SingleOutput::Declare(const MergedTable& table) {
  const SinkTable* t = target_.sink->DeclareTable(table.schema);
  // Both number tables in the order they are declared: a frame tagged with the merged id is tagged for the sink.
  if (t->id != table.id) throw std::logic_error("merge: sink and registry number tables differently");
  std::lock_guard<std::mutex> lock(mutex_);
  tables_.push_back(t);
}

const SinkTable& SingleOutput::Table(uint32_t id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return *tables_.at(id);
}

void SingleOutput::Render(MergeItem& item) const {
  item.rendered_ready = false;
  if (!IsText(target_.sink->form())) return;  // the frames go out as they are (or into a container)
  item.rendered.clear();
  target_.sink->Render(Table(item.table->id), item.frames.view(), &item.rendered);
  item.rendered_ready = true;
}

void SingleOutput::Write(MergeItem& item) {
  const SinkTable& t = Table(item.table->id);
  if (item.rendered_ready) {
    target_.sink->Write(t, item.rendered, item.records);
  } else {
    target_.sink->WriteFrames(t, item.frames);
  }
}

void SingleOutput::Finish() { target_.sink->Finish(); }

void SingleOutput::Commit() { target_.file->Commit(); }

}  // namespace recpipe::merge
