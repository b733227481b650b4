// libFuzzer target for the stream reader: any bytes must either read as a valid stream or fail with DataError,
// never crash, hang or read out of bounds; records of accepted batches are rendered to exercise the record views.
// Under gcc the saved corpus is replayed by replay_main.cc as an ordinary test.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "lib/buffer.h"
#include "lib/error.h"
#include "lib/record_view.h"
#include "lib/stream_reader.h"
#include "lib/text_format.h"

namespace {

class MemorySource : public recpipe::ByteSource {
 public:
  explicit MemorySource(std::string_view data) : data_(data) {}
  size_t Read(char* buf, size_t n) override {
    // Short reads on purpose: readers must not assume a read fills the buffer.
    n = std::min({n, data_.size() - pos_, size_t{7919}});
    std::memcpy(buf, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Reads the whole input; false checksums are let through when verify is off, so that mutations reach the
// structural checks and the record views instead of stopping at the checksum.
void ReadAll(std::string_view input, bool verify) {
  MemorySource src(input);
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
