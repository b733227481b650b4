// The kinds of feed OpenFeed chooses between (feed_source.h).
#pragma once

#include <memory>
#include <string>

#include "cmd/parse_gtfs/feed_source.h"

namespace recpipe::parse_gtfs {

std::unique_ptr<Feed> OpenFolderFeed(const std::string& path);
// A zip file, or the bytes of one (`bytes` not empty: standard input, or a zip inside a zip) named `name`.
std::unique_ptr<Feed> OpenZipFeed(const std::string& name, std::string bytes, int depth = 0);

}  // namespace recpipe::parse_gtfs
