// --to: the parsed entries as records, for dedupe, merge, pack and the text forms. Not written yet.
#include "cmd/scan2db/scan2db.h"
#include "lib/error.h"

namespace recpipe::scan2db {

void RunEntryStream(const ScanOptions&, InputFile&, RunStats&) {
  throw UsageError("--to is not implemented yet");
}

}  // namespace recpipe::scan2db
