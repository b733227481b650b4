// A small file of the feed (calendar, routes, trips, stops) read whole into strings, for the decisions that must
// be made before the pipeline runs (the filters). Main thread only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/parse_gtfs/feed_source.h"

namespace recpipe::parse_gtfs {

struct SmallTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // a short row is padded with empty values

  std::optional<size_t> Column(std::string_view name) const;
  // The value of a column in a row; empty when there is no such column.
  std::string_view Get(const std::vector<std::string>& row, std::optional<size_t> column) const {
    return column ? std::string_view(row[*column]) : std::string_view();
  }
};

// Reads the feed's file `name` ("trips.txt"); an absent file is an empty table. latin1: as --encoding latin1 (a
// file with a UTF-8 byte-order mark stays UTF-8). columns: keep only these (all when empty), to hold less.
SmallTable ReadSmallTable(Feed& feed, std::string_view name, bool latin1,
                          const std::vector<std::string_view>& columns = {});

}  // namespace recpipe::parse_gtfs
