// A feed given as a folder: its regular files, sorted by name; subfolders are not read.
#include <algorithm>
#include <filesystem>

#include "cmd/parse_gtfs/feed_source.h"
#include "cmd/parse_gtfs/feed_sources.h"
#include "lib/error.h"
#include "lib/input_file.h"

namespace recpipe::parse_gtfs {
namespace {

namespace fs = std::filesystem;

class FolderFeed : public Feed {
 public:
  explicit FolderFeed(const std::string& path) {
    std::error_code ec;
    std::vector<fs::directory_entry> files;
    for (const fs::directory_entry& e : fs::directory_iterator(path, ec)) {
      if (e.is_regular_file()) {
        files.push_back(e);
      } else if (e.is_directory()) {
        outside_.push_back(e.path().string() + "/");
      }
    }
    if (ec) throw DataError(path + ": " + ec.message());
    std::sort(files.begin(), files.end(),
              [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path() < b.path(); });
    std::sort(outside_.begin(), outside_.end());
    for (const fs::directory_entry& e : files) {
      FeedEntry entry;
      entry.name = e.path().filename().string();
      entry.path = e.path().string();
      entry.size = e.file_size(ec);
      entry.handle = entries_.size();
      entries_.push_back(std::move(entry));
    }
  }

  std::unique_ptr<ByteSource> Open(const FeedEntry& entry) override { return InputFile::Open(entry.path); }
};

}  // namespace

std::unique_ptr<Feed> OpenFolderFeed(const std::string& path) { return std::make_unique<FolderFeed>(path); }

}  // namespace recpipe::parse_gtfs
