// parse-events: event-camera recordings (Prophesee RAW EVT 2.0/2.1/3.0, DAT, HDF5, text) into event records.
// The options, and the output side shared by every input format.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "cmd/parse_events/event_output.h"
#include "cmd/parse_events/event_tables.h"
#include "lib/command_line.h"
#include "lib/input_file.h"
#include "lib/record_sink.h"
#include "lib/run_stats.h"

namespace recpipe::parse_events {

inline constexpr const char* kCommand = "parse-events";

struct ParseOptions {
  CommonOptions common;
  std::string input = "-";
  std::string format = "auto";  // --format
  std::string columns;          // --columns: the order of a text file's columns when it has no header
  bool signed_polarity = false;
  bool time_origin_first = false;
  EventFilter filter;
  size_t piece_bytes = 512 << 10;  // --piece-size (hidden): bytes of input per parallel work item
  size_t batch_bytes = kDefaultBatchBytes;
};

// The output end: the events table, the triggers table once the input has a trigger, the settings every decoder
// shares, and the counts for --stats. Tables are declared on the main thread; Write* runs on the writing stage.
class EventTarget {
 public:
  EventTarget(const ParseOptions& options, RecordSink& sink, const SourceInfo& info, int64_t time_origin = 0);

  const OutputSettings& settings() const { return settings_; }
  // --time-origin first: set once the first event is known, before any piece is decoded.
  void set_time_origin(int64_t t) { settings_.time_origin = t; }
  const ParseOptions& options() const { return options_; }
  bool text_output() const { return sink_.form() != OutputForm::kRec; }
  // Renders frames as the sink wants them (a copy for record streams), on any thread.
  void RenderEvents(const Buffer& frames, Buffer* out) const { sink_.Render(*events_, frames.view(), out); }
  void RenderTriggers(const Buffer& frames, Buffer* out) const { sink_.Render(triggers_local_, frames.view(), out); }
  // Writes what one piece produced (frames, or their rendering when the output is text).
  void Write(const Buffer& events, const Buffer& triggers, const Counters& counters);
  void Finish() { sink_.Finish(); }

  Counters totals;
  uint64_t bytes_in = 0;

 private:
  const ParseOptions& options_;
  RecordSink& sink_;
  const SinkTable* events_;
  const SinkTable* triggers_ = nullptr;  // declared at the first trigger
  SinkTable triggers_local_;             // the same, for rendering before it is declared
  OutputSettings settings_;
};

// Input formats. Each reads `in` (already opened) and writes through `target`.
void RunRawOrDat(const ParseOptions& options, InputFile& in, RecordSink& sink, RunStats& stats, Counters* totals);
void RunHdf5(const ParseOptions& options, InputFile& in, RecordSink& sink, RunStats& stats, Counters* totals);
void RunText(const ParseOptions& options, InputFile& in, RecordSink& sink, RunStats& stats, Counters* totals);

// --stats: the common figures plus what parse-events counted.
std::string EventStatsJson(const RunStats& stats, const Counters& c);

}  // namespace recpipe::parse_events
