// An input read in order, with a look-ahead buffer in front of it: bytes can be peeked at without consuming them
// and handed back to be read again. This is how a reader of a pipe, which cannot seek, steps back after damage and
// searches the bytes that follow for the next sound frame (container_reader.cc). The buffer holds only the bytes
// peeked at and handed back; without them, reads go straight to the input. Owned by one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace recpipe {

class InputFile;

class LookAheadInput {
 public:
  explicit LookAheadInput(InputFile& in) : in_(in) {}

  // Reads up to n bytes, the buffered ones first; returns fewer only at the end of the input.
  size_t Read(char* buf, size_t n);
  // The next n bytes without consuming them; fewer only at the end of the input. Valid until the next call.
  std::string_view Peek(size_t n);
  // Consumes n bytes that Peek has shown.
  void Skip(size_t n);
  // Puts bytes back in front of the ones not yet read: the next Read returns them first.
  void Unread(std::string_view bytes);
  // Bytes taken from the input itself (each byte once, however often it was peeked or handed back).
  uint64_t bytes_from_input() const { return from_input_; }

 private:
  size_t buffered() const { return ahead_.size() - begin_; }

  InputFile& in_;
  std::string ahead_;  // bytes before begin_ are consumed
  size_t begin_ = 0;
  uint64_t from_input_ = 0;
};

}  // namespace recpipe
