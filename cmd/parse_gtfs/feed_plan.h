// Which of a feed's files to read and in what order: the reference's files in its order, then other .txt files
// by name; --tables narrows the choice. Also what the reference requires that the feed lacks.
#pragma once

#include <string>
#include <vector>

#include "cmd/parse_gtfs/feed_source.h"
#include "cmd/parse_gtfs/gtfs_reference.h"
#include "cmd/parse_gtfs/notices.h"

namespace recpipe::parse_gtfs {

struct PlannedFile {
  const FeedEntry* entry;
  const FileSpec* spec;  // nullptr for a file the reference does not define
};

struct FeedPlan {
  std::vector<PlannedFile> files;
  std::vector<const FeedEntry*> not_text;  // entries that are not .txt files, which are not read
  std::vector<Notice> missing;             // missing_required_file notices
};

// tables: --tables (empty: every file). Throws UsageError for a table the feed does not have.
FeedPlan PlanFeed(const Feed& feed, const std::vector<std::string>& tables);

}  // namespace recpipe::parse_gtfs
