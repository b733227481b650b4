// Decoding a word format (EVT 2.0/2.1/3.0, DAT) on all threads with the result of one sequential decode.
//
// A mapped file is cut into pieces of whole words. The reading stage seeds each piece with the decoder's state at
// its start, rebuilt from the bytes just before it (Decoder::Seed), and guesses the number of counter wraps before
// it from the seeds' time highs. Workers decode pieces into finished frames. The writing stage, which sees pieces
// in order and knows the exact state at the end of the previous one, checks each piece's guess: a wrong guess, a
// seed that lacked a register the piece needed, or a piece that would pass --limit is decoded again on the spot
// from the exact state. So the output is byte-identical for any -j and any piece size.
//
// Input that cannot be mapped (standard input, compressed files) is decoded sequentially in blocks.
#pragma once

#include <algorithm>
#include <atomic>
#include <limits>
#include <string>
#include <string_view>

#include "cmd/parse_events/decoder.h"
#include "cmd/parse_events/parse_events.h"
#include "lib/error.h"
#include "lib/ordered_pipeline.h"
#include "lib/progress.h"

namespace recpipe::parse_events {

// Where the words are: a mapped file's content from the first word on.
struct WordInput {
  std::string_view data;   // whole words only
  uint64_t file_offset;    // offset of data[0] in the file, for messages
  size_t trailing = 0;     // bytes of an incomplete last word after data
};

template <typename Decoder>
struct PieceItem {
  size_t begin = 0, end = 0;
  typename Decoder::State seed, end_state;
  DecodeEnd result = DecodeEnd::kDone;
  Buffer events, triggers, events_text, triggers_text;
  Counters counters;
};

template <typename Decoder>
void DecodePiece(const Decoder& decoder, EventTarget& target, const WordInput& input, PieceItem<Decoder>& item,
                 uint64_t limit) {
  item.events.clear();
  item.triggers.clear();
  EventOutput out(target.settings(), &item.events, &item.triggers, limit);
  item.end_state = item.seed;
  item.result = decoder.Decode(input.data.data() + item.begin, input.data.data() + item.end, item.end_state, out);
  out.Finish();
  item.counters = out.counters;
  if (target.text_output()) {
    item.events_text.clear();
    item.triggers_text.clear();
    target.RenderEvents(item.events, &item.events_text);
    target.RenderTriggers(item.triggers, &item.triggers_text);
  }
}

// The time of the first event (before any filter), for --time-origin first; 0 when there is none.
template <typename Decoder>
int64_t FirstEventTime(const Decoder& decoder, EventTarget& target, const WordInput& input, size_t piece_bytes) {
  ParseOptions probe_options = target.options();
  probe_options.filter = EventFilter{};
  probe_options.filter.limit = 1;
  OutputSettings settings = target.settings();
  settings.filter = probe_options.filter;
  settings.time_origin = 0;
  typename Decoder::State state;
  Buffer events, triggers;
  for (size_t begin = 0; begin < input.data.size(); begin += piece_bytes) {
    size_t end = std::min(input.data.size(), begin + piece_bytes);
    EventOutput out(settings, &events, &triggers, 1);
    decoder.Decode(input.data.data() + begin, input.data.data() + end, state, out);
    out.Finish();
    if (out.counters.events != 0) return Load<int64_t>(events.data() + kFrameHeaderSize);
  }
  return 0;
}

template <typename Decoder>
void RunWordPipeline(const Decoder& decoder, EventTarget& target, InputFile& in, const WordInput& input,
                     const ParseOptions& options) {
  using Item = PieceItem<Decoder>;
  using State = typename Decoder::State;
  const size_t word = decoder.word_bytes();
  const size_t piece = std::max(word, options.piece_bytes / word * word);
  const char* data = input.data.data();
  const uint64_t limit = options.filter.limit;

  // Reading stage.
  size_t next = 0;
  State previous_seed;
  bool have_previous = false;
  int64_t chain_epoch = 0;
  std::atomic<int64_t> correction{0};  // missed wraps the writer found, so later guesses include them
  std::atomic<bool> done{false};

  // Writing stage.
  State exact;  // the state after the last piece written
  uint64_t written = 0;
  Progress progress(kCommand, in.raw_size(), options.common.progress, options.common.quiet);

  RunOrdered<Item>(
      options.common.threads,
      [&](Item& item) {
        if (next >= input.data.size() || done.load(std::memory_order_relaxed)) return false;
        item.begin = next;
        item.end = std::min(input.data.size(), next + piece);
        next = item.end;
        item.seed = decoder.Seed(data, data + item.begin, false);
        if (have_previous && Decoder::Wrapped(previous_seed, item.seed)) ++chain_epoch;
        previous_seed = item.seed;
        have_previous = true;
        item.seed.epoch = chain_epoch + correction.load(std::memory_order_relaxed);
        return true;
      },
      [&](Item& item) { DecodePiece(decoder, target, input, item, limit); },
      [&](Item& item) {
        if (done.load(std::memory_order_relaxed)) return;
        const uint64_t remaining = limit - written;
        const bool wrong_epoch = item.seed.epoch != exact.epoch;
        if (item.result == DecodeEnd::kNeedsState || wrong_epoch || item.counters.events > remaining) {
          if (wrong_epoch) correction.fetch_add(exact.epoch - item.seed.epoch, std::memory_order_relaxed);
          item.seed = decoder.Seed(data, data + item.begin, true);
          item.seed.epoch = exact.epoch;
          DecodePiece(decoder, target, input, item, remaining);
          if (item.result == DecodeEnd::kNeedsState) {
            item.seed = decoder.SeedFull(data, data + item.begin);
            item.seed.epoch = exact.epoch;
            DecodePiece(decoder, target, input, item, remaining);
          }
          if (item.result == DecodeEnd::kNeedsState) throw std::logic_error("parse-events: no exact state");
        }
        if (target.text_output()) {
          target.Write(item.events_text, item.triggers_text, item.counters);
        } else {
          target.Write(item.events, item.triggers, item.counters);
        }
        written += item.counters.events;
        exact = item.end_state;
        target.bytes_in += item.end - item.begin;
        if (item.result == DecodeEnd::kStopped || written >= limit) done.store(true, std::memory_order_relaxed);
        // The reading stage may still look back a little before its pieces; keep a margin mapped.
        constexpr size_t kKeep = 4 << 20;
        if (item.begin > kKeep) in.ReleaseMappedBefore(data + item.begin - kKeep);
        progress.Update(input.file_offset + item.end);
      });
  progress.Finish();
  if (input.trailing != 0 && !done.load()) {
    throw DataError(in.name() + ":" + std::to_string(input.file_offset + input.data.size()) +
                    ": truncated last word: " + std::to_string(input.trailing) + " of " + std::to_string(word) +
                    " bytes (every event before it was written)");
  }
}

// Sequential decode of a stream that cannot be mapped, in blocks; the decoder's state carries across them.
template <typename Decoder>
void RunWordStream(const Decoder& decoder, EventTarget& target, InputFile& in, uint64_t data_offset,
                   const ParseOptions& options) {
  const size_t word = decoder.word_bytes();
  const size_t block = std::max(word, options.piece_bytes / word * word);
  std::string buffer(block + word, '\0');
  size_t carry = 0;
  uint64_t offset = data_offset;  // file offset of buffer[0]
  typename Decoder::State state;
  uint64_t written = 0;
  Buffer events, triggers, events_text, triggers_text;
  for (;;) {
    size_t got = in.ReadFull(buffer.data() + carry, block);
    size_t have = carry + got;
    size_t whole = have / word * word;
    if (whole == 0 && got == 0) {
      carry = have;
      break;
    }
    events.clear();
    triggers.clear();
    EventOutput out(target.settings(), &events, &triggers, options.filter.limit - written);
    DecodeEnd result = decoder.Decode(buffer.data(), buffer.data() + whole, state, out);
    out.Finish();
    if (target.text_output()) {
      events_text.clear();
      triggers_text.clear();
      target.RenderEvents(events, &events_text);
      target.RenderTriggers(triggers, &triggers_text);
      target.Write(events_text, triggers_text, out.counters);
    } else {
      target.Write(events, triggers, out.counters);
    }
    written += out.counters.events;
    target.bytes_in += whole;
    if (result == DecodeEnd::kStopped) return;
    std::memmove(buffer.data(), buffer.data() + whole, have - whole);
    offset += whole;
    carry = have - whole;
    if (got == 0) break;
  }
  if (carry != 0) {
    throw DataError(in.name() + ":" + std::to_string(offset) + ": truncated last word: " + std::to_string(carry) +
                    " of " + std::to_string(word) + " bytes (every event before it was written)");
  }
}

}  // namespace recpipe::parse_events
