#include "cmd/parse_gtfs/feed_plan.h"

#include <algorithm>

#include "lib/error.h"

namespace recpipe::parse_gtfs {
namespace {

bool IsText(const std::string& name) { return name.size() > 4 && name.compare(name.size() - 4, 4, ".txt") == 0; }
std::string TableOf(const std::string& name) { return name.substr(0, name.size() - 4); }

Notice MissingFile(std::string file, std::string message) {
  Notice n;
  n.code = "missing_required_file";
  n.file = std::move(file);
  n.message = std::move(message);
  return n;
}

}  // namespace

FeedPlan PlanFeed(const Feed& feed, const std::vector<std::string>& tables) {
  FeedPlan plan;
  auto has = [&](std::string_view name) {
    return std::any_of(feed.entries().begin(), feed.entries().end(),
                       [&](const FeedEntry& e) { return e.name == name; });
  };
  auto wanted = [&](const std::string& table) {
    return tables.empty() || std::find(tables.begin(), tables.end(), table) != tables.end();
  };
  for (const std::string& t : tables) {
    if (!has(t + ".txt")) throw UsageError("--tables names '" + t + "', but the feed has no " + t + ".txt");
  }
  for (const FileSpec& spec : GtfsFiles()) {
    for (const FeedEntry& e : feed.entries()) {
      if (e.name == std::string(spec.name) + ".txt" && wanted(std::string(spec.name)))
        plan.files.push_back({&e, &spec});
    }
  }
  std::vector<const FeedEntry*> others;
  for (const FeedEntry& e : feed.entries()) {
    if (!IsText(e.name)) {
      plan.not_text.push_back(&e);
    } else if (FindFileSpec(TableOf(e.name)) == nullptr && wanted(TableOf(e.name))) {
      others.push_back(&e);
    }
  }
  std::sort(others.begin(), others.end(), [](const FeedEntry* a, const FeedEntry* b) { return a->name < b->name; });
  for (const FeedEntry* e : others) plan.files.push_back({e, nullptr});

  if (!tables.empty()) return plan;  // a selection does not ask for the rest of the feed
  for (const FileSpec& spec : GtfsFiles()) {
    std::string file = std::string(spec.name) + ".txt";
    if (spec.required && !has(file)) plan.missing.push_back(MissingFile(file, "missing required file " + file));
  }
  if (!has("stops.txt") && !has("locations.geojson")) {
    plan.missing.push_back(
        MissingFile("stops.txt", "missing required file stops.txt (and there is no locations.geojson)"));
  }
  if (!has("calendar.txt") && !has("calendar_dates.txt")) {
    plan.missing.push_back(
        MissingFile("calendar.txt", "missing required file: neither calendar.txt nor calendar_dates.txt"));
  }
  return plan;
}

}  // namespace recpipe::parse_gtfs
