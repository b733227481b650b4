// --date, --dates, --routes, --agency: which trips to keep, and with them the rows of the feed they use, so that
// the filtered feed stays consistent. Decided before the pipeline from calendar, calendar_dates, routes and trips;
// the stops come last, from the stop times kept (their stops and those stops' parent stations). Built and
// completed on the main thread; KeepSet is read by any worker while the pipeline runs (thread-safe then).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "cmd/parse_gtfs/feed_source.h"

namespace recpipe::parse_gtfs {

struct FilterOptions {
  std::optional<std::pair<int32_t, int32_t>> days;  // --date/--dates: first and last day (days since 1970-01-01)
  std::vector<std::string> routes;                  // --routes
  std::string agency;                               // --agency
  bool active() const { return days || !routes.empty() || !agency.empty(); }
};

class FeedFilter {
 public:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using KeySet = std::unordered_set<std::string, Hash, std::equal_to<>>;

  FeedFilter(Feed& feed, const FilterOptions& options, bool latin1);

  // The column of a table whose value decides whether a row is kept, and the values kept; nullptr for a table
  // that is not filtered. stops: valid only once AddCalledStops has been given every stop time kept.
  const KeySet* KeepSet(std::string_view table, std::string* column) const;
  // Whether a table can only be filtered after the stop times are (stops).
  static bool AfterStopTimes(std::string_view table) { return table == "stops"; }
  // The stop_ids of the stop times kept, then their parent stations (read from stops.txt).
  void AddCalledStops(const std::vector<std::string>& stop_ids);
  void CloseStops(Feed& feed, bool latin1);
  size_t trips() const { return trips_.size(); }

 private:
  KeySet agencies_, routes_, trips_, services_, shapes_, stops_;
};

// "20240101" or "2024-01-01" to days since 1970-01-01; "A:B" to a closed range. Throw UsageError naming option.
int32_t ParseDayOption(const std::string& text, const char* option);

}  // namespace recpipe::parse_gtfs
