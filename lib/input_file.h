// An input named on the command line: a path, or "-" for standard input. Compressed content (gzip, xz, zstd) is
// recognised by its first bytes and decompressed on the fly, so callers always see the plain content.
// Owned by one thread (the reading stage of a pipeline).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "lib/decompress.h"

namespace recpipe {

class InputFile : public ByteSource {
 public:
  // Throws DataError ("PATH: No such file or directory") when it cannot be opened. `threads` is offered to
  // decompressors that can use several (xz).
  static std::unique_ptr<InputFile> Open(const std::string& path, int threads = 1);
  ~InputFile() override;

  // The name for messages: the path, or "stdin".
  const std::string& name() const { return name_; }
  Compression compression() const { return compression_; }
  // A regular, uncompressed file: can be read at any offset (ReadAt), and split into pieces.
  bool seekable() const { return seekable_ && compression_ == Compression::kNone; }
  // Size of the file on disk, when it is a regular file (compressed size for compressed ones).
  std::optional<uint64_t> raw_size() const { return raw_size_; }
  // Bytes of the file on disk consumed so far: what progress is measured against.
  uint64_t raw_bytes_read() const { return raw_read_; }

  // The first bytes of the content (up to n), without consuming them.
  std::string_view Peek(size_t n);
  // Reads up to n bytes of content; returns 0 only at the end. Throws DataError naming the file on failure.
  size_t Read(char* buf, size_t n) override;
  // Reads as much as fits, stopping early only at the end of the content.
  size_t ReadFull(char* buf, size_t n);
  // For seekable inputs: reads up to n bytes at offset; returns fewer only at the end of the file.
  size_t ReadAt(uint64_t offset, char* buf, size_t n);
  // For seekable inputs: the next reads start at this offset and stop at `end`.
  void Restrict(uint64_t begin, uint64_t end);
  // For seekable inputs: the content from the start (or Restrict's begin) to the end (or Restrict's end), mapped
  // into memory; the file's offset of its first byte goes to *offset. Mapped once; valid while the InputFile lives.
  std::string_view MapContent(uint64_t* offset);
  // Tells the kernel that the mapped bytes before `end` are not needed any more, so they leave resident memory.
  void ReleaseMappedBefore(const char* end);

 private:
  InputFile(int fd, std::string name, bool owns_fd);
  size_t ReadRaw(char* buf, size_t n);  // from the file itself, honouring Restrict

  class RawSource;
  int fd_;
  bool owns_fd_;
  std::string name_;
  Compression compression_ = Compression::kNone;
  bool seekable_ = false;
  std::optional<uint64_t> raw_size_;
  uint64_t raw_read_ = 0;
  uint64_t position_ = 0;
  std::optional<uint64_t> limit_;
  uint64_t range_begin_ = 0;
  char* map_ = nullptr;
  size_t map_size_ = 0;
  size_t map_released_ = 0;
  std::string peeked_;  // content already read by Peek and not yet handed out
  std::unique_ptr<ByteSource> raw_source_;
  std::unique_ptr<Decompressor> decompressor_;
};

}  // namespace recpipe
