// The writing stage's side of the notices: each one is an error naming FILE:LINE, the column and the value; past
// --max-errors N the run stops with it, within N it is kept for the notices table and the summary on stderr.
// Writing stage only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cmd/parse_gtfs/notices.h"
#include "lib/record_sink.h"

namespace recpipe::parse_gtfs {

class NoticesWriter {
 public:
  NoticesWriter(std::string feed, uint64_t max_errors, bool warn)
      : feed_(std::move(feed)), max_errors_(max_errors), warn_(warn) {}

  // where: the file's path for the message (the feed's name for a notice about the feed). Throws DataError with
  // the notice's text when it is one error too many.
  void Add(const Notice& notice, const std::string& where = {});
  uint64_t errors() const { return notices_.size(); }
  // Under --max-errors: the notices table (written even when empty, so that readers find it) and the summary.
  void Finish(RecordSink& sink);

 private:
  std::string feed_;
  uint64_t max_errors_;
  bool warn_;
  std::vector<Notice> notices_;
};

}  // namespace recpipe::parse_gtfs
