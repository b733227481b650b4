// libFuzzer target for the stream reader: any bytes must either read as a valid stream or fail with DataError,
// never crash, hang or read out of bounds; records of accepted batches are rendered to exercise the record views,
// and what was accepted must obey the value rules of recpipe-stream(5) (CheckAccepted), else the target aborts.
// Under gcc the saved corpus is replayed by replay_main.cc as an ordinary test.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <string_view>

#include "lib/buffer.h"
#include "lib/error.h"
#include "lib/memory_source.h"
#include "lib/record_view.h"
#include "lib/stream_reader.h"
#include "lib/text_format.h"

namespace {

// Aborts when the reader accepted what recpipe-stream(5) forbids: two fields of one name, records in a table
// without fields, a bool other than 0 or 1, or a set bit in the unused part of a null bitmap. Worked out from
// the schema here, independently of the reader's own checks.
void CheckAccepted(const recpipe::Schema& schema, const recpipe::Frame& frame, const recpipe::TableLayout& layout) {
  std::set<std::string> names;
  size_t nullable = 0;
  for (const recpipe::Field& f : schema.fields) {
    if (!names.insert(f.name).second) std::abort();
    nullable += f.nullable ? 1 : 0;
  }
  if (frame.type != recpipe::FrameType::kBatch) return;
  if (schema.fields.empty() && frame.count != 0) std::abort();
  recpipe::ForEachRecord(layout, frame.payload(), [&](const recpipe::RecordView& r) {
    if (nullable % 8 != 0 && static_cast<unsigned char>(r.data()[nullable / 8]) >> (nullable % 8) != 0) std::abort();
    for (size_t i = 0; i < schema.fields.size(); ++i) {
      if (schema.fields[i].type == recpipe::Type::kBool && r.Get<uint8_t>(i) > 1) std::abort();
    }
  });
}

// Reads the whole input; false checksums are let through when verify is off, so that mutations reach the
// structural checks and the record views instead of stopping at the checksum.
void ReadAll(std::string_view input, bool verify) {
  recpipe::MemorySource src(std::string(input), 7919);  // short reads on purpose
  try {
    recpipe::StreamReader reader(src, "fuzz", verify);
    recpipe::Frame frame;
    recpipe::Buffer text;
    while (reader.Next(&frame)) {
      const recpipe::Schema& schema = reader.schema(frame.table_id);
      const recpipe::TableLayout& layout = reader.layout(frame.table_id);
      CheckAccepted(schema, frame, layout);
      if (frame.type != recpipe::FrameType::kBatch) continue;
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
