#include "cmd/parse_gtfs/notices_writer.h"

#include "cmd/parse_gtfs/parse_gtfs.h"
#include "lib/batch_builder.h"
#include "lib/error.h"
#include "lib/run_command.h"

namespace recpipe::parse_gtfs {
namespace {

constexpr size_t kWarningsShown = 10;

}  // namespace

void NoticesWriter::Add(const Notice& notice, const std::string& where) {
  std::string text = NoticeText(where.empty() ? feed_ : where, notice);
  if (notices_.size() >= max_errors_) {
    if (max_errors_ > 0) text += " (more than --max-errors " + std::to_string(max_errors_) + ")";
    throw DataError(text);
  }
  notices_.push_back(notice);
  if (warn_ && notices_.size() <= kWarningsShown) Warn(kCommand, text + " (in the notices table)");
}

void NoticesWriter::Finish(RecordSink& sink) {
  if (max_errors_ == 0) return;
  const SinkTable* table = sink.DeclareTable(NoticesSchema());
  Buffer frames;
  BatchBuilder b(&frames, table->id, table->layout);
  for (const Notice& n : notices_) {
    b.Begin();
    b.AddVariable(n.severity);
    b.AddVariable(n.code);
    b.AddVariable(n.file);
    b.SetFixed<uint64_t>(3, n.line);
    b.AddVariable(n.field);
    // Notices quote what is not printable UTF-8 (as \xHH), so that the table's text stays valid text.
    b.AddVariable(Printable(n.value));
    b.AddVariable(Printable(n.message));
    b.End();
  }
  b.Finish();
  sink.WriteFrames(*table, frames);
  if (warn_ && !notices_.empty()) {
    Warn(kCommand, std::to_string(notices_.size()) + " error" + (notices_.size() == 1 ? "" : "s") +
                       " within --max-errors " + std::to_string(max_errors_) + ": see the notices table");
  }
}

}  // namespace recpipe::parse_gtfs
