// What the word decoders (EVT2, EVT2.1, EVT3, DAT) have in common, so that one pipeline (word_pipeline.h) can cut
// any of them into pieces, decode the pieces on all threads and put the result together exactly as one sequential
// decode would have.
//
// A decoder is a pure function of (state, words) -> (records, state). The state at a cut point is rebuilt by Seed
// from the bytes before it (registers such as time high or the EVT3 row are set by recent words), except the
// count of counter wraps, which only a decode of everything before can know: the pipeline guesses it and checks
// the guess when the pieces come back in order, decoding a piece again on the writing thread when it was wrong.
#pragma once

#include <cstdint>

namespace recpipe::parse_events {

enum class DecodeEnd : uint8_t {
  kDone,        // every word decoded
  kStopped,     // --limit reached or past the end of --time: the rest of the input is not needed
  kNeedsState,  // a word needed a register that the piece's seed could not determine: decode again from an exact
                // state
};

}  // namespace recpipe::parse_events
