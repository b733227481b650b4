// libFuzzer target for parse-gtfs' zip and CSV path: input starting with "PK" is read as a zip feed (libzip's
// directory, a subfolder or a zip in the zip, inflating), anything else as the text of one stop_times.txt (the
// CSV grammar, row cutting, typed values, UTF-8 checks; Latin-1 when the last byte is odd). Every input must
// either parse or fail with DataError, never crash or hang. Under gcc the corpus is replayed by replay_main.cc.
#include <cstdint>
#include <string>
#include <string_view>

#include "cmd/parse_gtfs/feed_sources.h"
#include "cmd/parse_gtfs/parse_gtfs.h"
#include "lib/error.h"
#include "lib/memory_source.h"
#include "lib/output_file.h"

namespace {

using recpipe::parse_gtfs::Feed;
using recpipe::parse_gtfs::FeedEntry;

// One file held in memory.
class OneFileFeed : public Feed {
 public:
  OneFileFeed(std::string name, std::string text) : text_(std::move(text)) {
    entries_.push_back({name, "fuzz/" + name, text_.size(), 0});
  }
  std::unique_ptr<recpipe::ByteSource> Open(const FeedEntry&) override {
    return std::make_unique<recpipe::MemorySource>(text_, 4093);  // short reads on purpose
  }

 private:
  std::string text_;
};

void Run(std::string_view input) {
  recpipe::parse_gtfs::GtfsOptions options;
  options.common.threads = 2;
  options.common.max_errors = 1000;
  options.common.quiet = true;
  options.block_bytes = 256;  // many blocks, so rows are cut often
  options.input = "fuzz";
  options.latin1 = !input.empty() && (static_cast<unsigned char>(input.back()) & 1);
  try {
    std::unique_ptr<Feed> feed;
    if (input.substr(0, 2) == "PK") {
      feed = recpipe::parse_gtfs::OpenZipFeed("fuzz.zip", std::string(input));
    } else {
      feed = std::make_unique<OneFileFeed>("stop_times.txt", std::string(input));
    }
    recpipe::OutputFile out("/dev/null");
    recpipe::RecordSink sink(out, recpipe::OutputForm::kJsonl);
    recpipe::RunStats stats;
    recpipe::parse_gtfs::RunFeed(options, *feed, sink, stats);
    sink.Finish();
  } catch (const recpipe::DataError&) {
    // Rejected input is an expected outcome.
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
