// Prophesee RAW (EVT 2.0, 2.1, 3.0) and DAT input: the header, then the words through the word pipeline.
#include <string>

#include "cmd/parse_events/dat_decoder.h"
#include "cmd/parse_events/evt2_decoder.h"
#include "cmd/parse_events/evt3_decoder.h"
#include "cmd/parse_events/raw_header.h"
#include "cmd/parse_events/word_pipeline.h"
#include "lib/error.h"

namespace recpipe::parse_events {
namespace {

constexpr size_t kHeaderPeek = 1 << 16;

std::string EncodingName(Encoding e) {
  switch (e) {
    case Encoding::kEvt2: return "evt2";
    case Encoding::kEvt21: return "evt21";
    case Encoding::kEvt21Legacy: return "evt21-legacy";
    case Encoding::kEvt3: return "evt3";
    case Encoding::kDat: return "dat";
  }
  return "?";
}

template <typename Decoder>
void Run(const Decoder& decoder, const ParseOptions& options, InputFile& in, const FileHeader& header,
         const SourceInfo& info, RecordSink& sink, RunStats& stats, Counters* totals) {
  EventTarget target(options, sink, info);
  const size_t word = decoder.word_bytes();
  if (in.seekable()) {
    uint64_t map_offset = 0;
    std::string_view content = in.MapContent(&map_offset);
    std::string_view data = content.substr(std::min(header.data_offset, content.size()));
    WordInput input{data.substr(0, data.size() / word * word), map_offset + header.data_offset,
                    data.size() % word};
    if (options.time_origin_first) {
      target.set_time_origin(FirstEventTime(decoder, target, input, options.piece_bytes));
    }
    RunWordPipeline(decoder, target, in, input, options);
  } else {
    if (options.time_origin_first) {
      throw UsageError("--time-origin first needs a regular uncompressed file; " + in.name() + " is not one");
    }
    // Skip the header: it was only peeked at.
    std::string skip(header.data_offset, '\0');
    if (in.ReadFull(skip.data(), skip.size()) != skip.size()) throw DataError(in.name() + ": header cut short");
    RunWordStream(decoder, target, in, header.data_offset, options);
  }
  target.Finish();
  stats.bytes_in = target.bytes_in + header.data_offset;
  stats.records_in = target.totals.events + target.totals.triggers + target.totals.filtered;
  *totals = target.totals;
}

}  // namespace

void RunRawOrDat(const ParseOptions& options, InputFile& in, RecordSink& sink, RunStats& stats, Counters* totals) {
  std::string head(in.Peek(kHeaderPeek));
  FileHeader header = ParseFileHeader(head);
  Encoding encoding;
  if (options.format == "auto") {
    if (!header.encoding) throw DataError(in.name() + ": the header does not say which event format follows");
    encoding = *header.encoding;
  } else if (options.format == "evt2") {
    encoding = Encoding::kEvt2;
  } else if (options.format == "evt21") {
    encoding = Encoding::kEvt21;
  } else if (options.format == "evt21-legacy") {
    encoding = Encoding::kEvt21Legacy;
  } else if (options.format == "evt3") {
    encoding = Encoding::kEvt3;
  } else {
    encoding = Encoding::kDat;
  }
  SourceInfo info{EncodingName(encoding), in.name(), header.width, header.height};
  switch (encoding) {
    case Encoding::kEvt2:
      return Run(Evt2Decoder(4), options, in, header, info, sink, stats, totals);
    case Encoding::kEvt21:
    case Encoding::kEvt21Legacy:
      return Run(Evt2Decoder(8, encoding == Encoding::kEvt21Legacy), options, in, header, info, sink, stats, totals);
    case Encoding::kEvt3:
      return Run(Evt3Decoder(header.height), options, in, header, info, sink, stats, totals);
    case Encoding::kDat:
      if (header.dat_event_size != dat::kEventBytes || header.dat_event_type != 0) {
        throw DataError(in.name() + ":" + std::to_string(header.data_offset) + ": DAT events of type " +
                        std::to_string(header.dat_event_type) + " and size " +
                        std::to_string(header.dat_event_size) + " are not supported (only CD events, type 0, size 8)");
      }
      if (header.dat_version < 1 || header.dat_version > 2) {
        throw DataError(in.name() + ": DAT version " + std::to_string(header.dat_version) + " is not supported");
      }
      return Run(DatDecoder(header.dat_version), options, in, header, info, sink, stats, totals);
  }
}

}  // namespace recpipe::parse_events
