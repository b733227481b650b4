#include "cmd/parse_gtfs/feed_filter.h"

#include <algorithm>
#include <map>
#include <set>

#include "cmd/parse_gtfs/gtfs_values.h"
#include "cmd/parse_gtfs/small_table.h"
#include "lib/error.h"

namespace recpipe::parse_gtfs {
namespace {

// Monday 0 ... Sunday 6; 1970-01-01 was a Thursday.
int Weekday(int32_t day) { return ((day + 3) % 7 + 7) % 7; }

// The services that run on at least one day of [first, last]: calendar's weekdays within its dates, then
// calendar_dates' exceptions (1 adds the day, 2 removes it).
FeedFilter::KeySet ActiveServices(Feed& feed, int32_t first, int32_t last, bool latin1) {
  std::map<std::string, std::set<int32_t>> days;
  SmallTable calendar = ReadSmallTable(feed, "calendar.txt", latin1);
  static const char* kWeekdays[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  std::optional<size_t> service = calendar.Column("service_id"), start = calendar.Column("start_date"),
                        end = calendar.Column("end_date"), weekday[7];
  for (int i = 0; i < 7; ++i) weekday[i] = calendar.Column(kWeekdays[i]);
  for (const auto& row : calendar.rows) {
    int32_t a, b;
    if (!ParseGtfsDate(calendar.Get(row, start), &a) || !ParseGtfsDate(calendar.Get(row, end), &b)) continue;
    std::set<int32_t>& on = days[std::string(calendar.Get(row, service))];
    for (int32_t d = std::max(a, first); d <= std::min(b, last); ++d) {
      if (calendar.Get(row, weekday[Weekday(d)]) == "1") on.insert(d);
    }
  }
  SmallTable dates = ReadSmallTable(feed, "calendar_dates.txt", latin1);
  service = dates.Column("service_id");
  std::optional<size_t> date = dates.Column("date"), type = dates.Column("exception_type");
  for (const auto& row : dates.rows) {
    int32_t d;
    if (!ParseGtfsDate(dates.Get(row, date), &d) || d < first || d > last) continue;
    std::set<int32_t>& on = days[std::string(dates.Get(row, service))];
    if (dates.Get(row, type) == "1") on.insert(d);
    if (dates.Get(row, type) == "2") on.erase(d);
  }
  FeedFilter::KeySet active;
  for (const auto& [id, on] : days) {
    if (!on.empty()) active.insert(id);
  }
  return active;
}

}  // namespace

int32_t ParseDayOption(const std::string& text, const char* option) {
  std::string digits;
  for (char c : text) {
    if (c != '-') digits += c;
  }
  int32_t day;
  if ((text.size() != 8 && text.size() != 10) || !ParseGtfsDate(digits, &day)) {
    throw UsageError(std::string(option) + " takes dates as YYYYMMDD or YYYY-MM-DD, not '" + text + "'");
  }
  return day;
}

FeedFilter::FeedFilter(Feed& feed, const FilterOptions& options, bool latin1) {
  KeySet services;
  if (options.days) services = ActiveServices(feed, options.days->first, options.days->second, latin1);

  SmallTable agency = ReadSmallTable(feed, "agency.txt", latin1);
  std::optional<size_t> agency_id = agency.Column("agency_id");
  SmallTable routes = ReadSmallTable(feed, "routes.txt", latin1);
  std::optional<size_t> route_id = routes.Column("route_id"), route_agency = routes.Column("agency_id");
  KeySet candidate_routes;
  for (const auto& row : routes.rows) {
    std::string_view id = routes.Get(row, route_id);
    if (!options.routes.empty() &&
        std::find(options.routes.begin(), options.routes.end(), id) == options.routes.end()) {
      continue;
    }
    // A route without agency_id belongs to the feed's only agency.
    std::string_view owner = routes.Get(row, route_agency);
    if (owner.empty() && agency.rows.size() == 1) owner = agency.Get(agency.rows[0], agency_id);
    if (!options.agency.empty() && owner != options.agency) continue;
    candidate_routes.emplace(id);
  }

  SmallTable trips = ReadSmallTable(feed, "trips.txt", latin1, {"route_id", "trip_id", "service_id", "shape_id"});
  std::optional<size_t> trip_route = trips.Column("route_id"), trip_id = trips.Column("trip_id"),
                        trip_service = trips.Column("service_id"), trip_shape = trips.Column("shape_id");
  for (const auto& row : trips.rows) {
    std::string_view route = trips.Get(row, trip_route), service = trips.Get(row, trip_service);
    if (candidate_routes.find(route) == candidate_routes.end()) continue;
    if (options.days && services.find(service) == services.end()) continue;
    trips_.emplace(trips.Get(row, trip_id));
    routes_.emplace(route);
    services_.emplace(service);
    if (std::string_view shape = trips.Get(row, trip_shape); !shape.empty()) shapes_.emplace(shape);
  }
  for (const auto& row : routes.rows) {
    if (routes_.find(routes.Get(row, route_id)) == routes_.end()) continue;
    std::string_view owner = routes.Get(row, route_agency);
    if (owner.empty()) {  // the only agency
      for (const auto& a : agency.rows) agencies_.emplace(agency.Get(a, agency_id));
    } else {
      agencies_.emplace(owner);
    }
  }
}

const FeedFilter::KeySet* FeedFilter::KeepSet(std::string_view table, std::string* column) const {
  struct Rule {
    std::string_view table, column;
    const KeySet* keep;
  };
  const Rule rules[] = {{"agency", "agency_id", &agencies_},
                        {"routes", "route_id", &routes_},
                        {"trips", "trip_id", &trips_},
                        {"stop_times", "trip_id", &trips_},
                        {"frequencies", "trip_id", &trips_},
                        {"calendar", "service_id", &services_},
                        {"calendar_dates", "service_id", &services_},
                        {"shapes", "shape_id", &shapes_},
                        {"stops", "stop_id", &stops_}};
  for (const Rule& r : rules) {
    if (r.table == table) {
      *column = std::string(r.column);
      return r.keep;
    }
  }
  return nullptr;
}

void FeedFilter::AddCalledStops(const std::vector<std::string>& stop_ids) {
  for (const std::string& s : stop_ids) stops_.insert(s);
}

void FeedFilter::CloseStops(Feed& feed, bool latin1) {
  SmallTable stops = ReadSmallTable(feed, "stops.txt", latin1, {"stop_id", "parent_station"});
  std::optional<size_t> id = stops.Column("stop_id"), parent = stops.Column("parent_station");
  std::map<std::string, std::string, std::less<>> parent_of;
  for (const auto& row : stops.rows) {
    if (std::string_view p = stops.Get(row, parent); !p.empty()) parent_of.emplace(stops.Get(row, id), p);
  }
  std::vector<std::string> work(stops_.begin(), stops_.end());
  while (!work.empty()) {  // platforms to stations, boarding areas to platforms to stations
    std::string s = std::move(work.back());
    work.pop_back();
    auto it = parent_of.find(s);
    if (it != parent_of.end() && stops_.insert(it->second).second) work.push_back(it->second);
  }
}

}  // namespace recpipe::parse_gtfs
