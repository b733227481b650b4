#include "cmd/parse_events/event_tables.h"

namespace recpipe::parse_events {
namespace {

std::vector<std::pair<std::string, std::string>> Metadata(const SourceInfo& info) {
  std::vector<std::pair<std::string, std::string>> m;
  if (info.width != 0) m.emplace_back("width", std::to_string(info.width));
  if (info.height != 0) m.emplace_back("height", std::to_string(info.height));
  m.emplace_back("format", info.format);
  m.emplace_back("source", info.file);
  m.emplace_back("time_unit", "us");
  return m;
}

}  // namespace

Schema EventsSchema(const SourceInfo& info) {
  return Schema{"events",
                {{"t", Type::kI64, false}, {"x", Type::kU16, false}, {"y", Type::kU16, false}, {"p", Type::kI8, false}},
                Metadata(info)};
}

Schema TriggersSchema(const SourceInfo& info) {
  return Schema{"triggers", {{"t", Type::kI64, false}, {"id", Type::kU8, false}, {"value", Type::kU8, false}},
                Metadata(info)};
}

}  // namespace recpipe::parse_events
