#include "cmd/parse_gtfs/notices_writer.h"

#include "cmd/parse_gtfs/parse_gtfs.h"
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
  WriteNoticesTable(notices_, sink);
  if (warn_ && !notices_.empty()) {
    Warn(kCommand, std::to_string(notices_.size()) + " error" + (notices_.size() == 1 ? "" : "s") +
                       " within --max-errors " + std::to_string(max_errors_) + ": see the notices table");
  }
}

}  // namespace recpipe::parse_gtfs
