// libFuzzer target for the stream reader: any bytes must either read as a valid stream or fail with DataError,
// never crash, hang or read out of bounds; records of accepted batches are rendered to exercise the record views.
// Under gcc the saved corpus is replayed by replay_main.cc as an ordinary test.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "lib/buffer.h"
#include "lib/error.h"
#include "lib/memory_source.h"
#include "lib/record_view.h"
#include "lib/stream_reader.h"
#include "lib/text_format.h"

namespace {

// Reads the whole input; false checksums are let through when verify is off, so that mutations reach the
// structural checks and the record views instead of stopping at the checksum.
void ReadAll(std::string_view input, bool verify) {
  recpipe::MemorySource src(std::string(input), 7919);  // short reads on purpose
  try {
    recpipe::StreamReader reader(src, "fuzz", verify);
    recpipe::Frame frame;
    recpipe::Buffer text;
    while (reader.Next(&frame)) {
      if (frame.type != recpipe::FrameType::kBatch) continue;
      const recpipe::Schema& schema = reader.schema(frame.table_id);
      const recpipe::TableLayout& layout = reader.layout(frame.table_id);
      recpipe::ForEachRecord(layout, frame.payload(), [&](const recpipe::RecordView& r) {
        recpipe::RenderRecord(recpipe::OutputForm::kJsonl, schema, layout, r, &text);
      });
      text.clear();
    }
  } catch (const recpipe::DataError&) {
    // Rejected input is the expected outcome for most fuzz inputs.
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  ReadAll(input, true);
  ReadAll(input, false);
  return 0;
}
