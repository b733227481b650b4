#include "cmd/parse_events/parse_events.h"
#include "lib/error.h"

namespace recpipe::parse_events {

EventTarget::EventTarget(const ParseOptions& options, RecordSink& sink, const SourceInfo& info, int64_t time_origin)
    : options_(options), sink_(sink), events_(sink.DeclareTable(EventsSchema(info))),
      triggers_local_{events_->id + 1, TriggersSchema(info), TableLayout(TriggersSchema(info))} {
  settings_.events_table = events_->id;
  settings_.triggers_table = triggers_local_.id;
  settings_.events_layout = &events_->layout;
  settings_.triggers_layout = &triggers_local_.layout;
  settings_.time_origin = time_origin;
  if (options.signed_polarity) settings_.polarity[0] = -1;
  settings_.filter = options.filter;
  settings_.batch_bytes = options.batch_bytes;
}

void EventTarget::Write(const Buffer& events, const Buffer& triggers, const Counters& counters) {
  if (counters.events != 0) sink_.Write(*events_, events, counters.events);
  if (counters.triggers != 0) {
    if (!triggers_) {
      triggers_ = sink_.DeclareTable(triggers_local_.schema);
      if (triggers_->id != triggers_local_.id) throw std::logic_error("parse-events: triggers table id mismatch");
    }
    sink_.Write(*triggers_, triggers, counters.triggers);
  }
  totals.Add(counters);
}

std::string EventStatsJson(const RunStats& stats, const Counters& c) {
  std::string json = StatsJson(stats);
  while (!json.empty() && (json.back() == '\n' || json.back() == '}')) json.pop_back();
  json += ",\"events\":" + std::to_string(c.events) + ",\"triggers\":" + std::to_string(c.triggers) +
          ",\"filtered\":" + std::to_string(c.filtered) + ",\"dropped_before_time_high\":" +
          std::to_string(c.before_time) + ",\"dropped_outside_sensor\":" + std::to_string(c.out_of_sensor) +
          ",\"skipped_others\":" + std::to_string(c.others) + ",\"skipped_continued\":" + std::to_string(c.continued) +
          ",\"skipped_unknown\":" + std::to_string(c.unknown) + "}\n";
  return json;
}

}  // namespace recpipe::parse_events
