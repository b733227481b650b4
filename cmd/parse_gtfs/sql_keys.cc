#include "cmd/parse_gtfs/sql_keys.h"

#include <string>
#include <string_view>
#include <vector>

namespace recpipe::parse_gtfs {
namespace {

struct KeyIndex {
  std::string_view table;
  std::vector<std::string> columns;
};

const std::vector<KeyIndex>& KeyIndexes() {
  static const std::vector<KeyIndex> kIndexes = {
      {"agency", {"agency_id"}},
      {"stops", {"stop_id"}},
      {"stops", {"parent_station"}},
      {"routes", {"route_id"}},
      {"routes", {"agency_id"}},
      {"trips", {"trip_id"}},
      {"trips", {"route_id"}},
      {"trips", {"service_id"}},
      {"trips", {"shape_id"}},
      {"stop_times", {"trip_id", "stop_sequence"}},
      {"stop_times", {"stop_id"}},
      {"calendar", {"service_id"}},
      {"calendar_dates", {"service_id", "date"}},
      {"calendar_dates", {"date"}},
      {"shapes", {"shape_id", "shape_pt_sequence"}},
      {"frequencies", {"trip_id"}},
      {"transfers", {"from_stop_id"}},
      {"pathways", {"pathway_id"}},
      {"fare_rules", {"fare_id"}},
      {"translations", {"table_name", "field_name", "language"}},
  };
  return kIndexes;
}

}  // namespace

void AddKeyIndexes(const Schema& schema, RecordSink& sink) {
  for (const KeyIndex& index : KeyIndexes()) {
    if (index.table != schema.name) continue;
    bool present = true;
    for (const std::string& column : index.columns) present = present && schema.FieldIndex(column).has_value();
    if (present) sink.AddSqlIndex(schema.name, index.columns);
  }
}

}  // namespace recpipe::parse_gtfs
