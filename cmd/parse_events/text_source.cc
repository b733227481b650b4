#include "cmd/parse_events/parse_events.h"
#include "lib/error.h"

namespace recpipe::parse_events {
void RunText(const ParseOptions&, InputFile& in, RecordSink&, RunStats&, Counters*) {
  throw DataError(in.name() + ": text input is not implemented yet");
}
}  // namespace recpipe::parse_events
