#include "cmd/parse_events/parse_events.h"
#include "lib/error.h"

namespace recpipe::parse_events {
void RunHdf5(const ParseOptions&, InputFile& in, RecordSink&, RunStats&, Counters*) {
  throw DataError(in.name() + ": HDF5 input is not implemented yet");
}
}  // namespace recpipe::parse_events
