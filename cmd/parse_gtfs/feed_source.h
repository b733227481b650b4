// Where a feed's files come from: a zip (a path, or "-" for a zip on standard input), or a folder of .txt files.
// A zip whose files sit in a subfolder is read from that subfolder; a zip that holds no .txt file but one .zip
// is read through that inner zip. Open may be called from several threads at once, and the sources it returns read
// on different threads (each source by one thread at a time): block_prefetch.h reads files side by side.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lib/decompress.h"

namespace recpipe::parse_gtfs {

struct FeedEntry {
  std::string name;   // the file's name in the feed ("stops.txt"), without the subfolder it may sit in
  std::string path;   // its path in the container, for messages ("feed.zip/gtfs/stops.txt")
  uint64_t size = 0;  // uncompressed bytes
  size_t handle = 0;  // the container's own number for it
};

class Feed {
 public:
  virtual ~Feed() = default;
  // The feed's files (regular files in the feed's folder, .txt or not), in container order.
  const std::vector<FeedEntry>& entries() const { return entries_; }
  // Entries of the container outside the feed's folder (deeper subfolders), which are not read.
  const std::vector<std::string>& outside() const { return outside_; }
  // Streams an entry's content. Throws DataError naming the entry when it cannot be read.
  virtual std::unique_ptr<ByteSource> Open(const FeedEntry& entry) = 0;

 protected:
  std::vector<FeedEntry> entries_;
  std::vector<std::string> outside_;
};

// Opens a zip file, "-" (a zip on standard input) or a folder. Throws DataError naming the path on failure.
std::unique_ptr<Feed> OpenFeed(const std::string& path);

}  // namespace recpipe::parse_gtfs
