#include "lib/input_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "lib/error.h"
#include "lib/pipe_buffer.h"

namespace recpipe {

// How much of a mapped input may stay resident behind the reader before it is released.
constexpr size_t kReleaseStep = size_t{8} << 20;

// Hands the decompressor the bytes read to detect the compression first, then the rest of the file.
class InputFile::RawSource : public ByteSource {
 public:
  RawSource(InputFile* file, std::string head) : file_(file), head_(std::move(head)) {}
  size_t Read(char* buf, size_t n) override {
    if (pos_ < head_.size()) {
      size_t k = std::min(n, head_.size() - pos_);
      std::memcpy(buf, head_.data() + pos_, k);
      pos_ += k;
      return k;
    }
    return file_->ReadRaw(buf, n);
  }

 private:
  InputFile* file_;
  std::string head_;
  size_t pos_ = 0;
};

std::unique_ptr<InputFile> InputFile::Open(const std::string& path, int threads) {
  std::unique_ptr<InputFile> in;
  if (path == "-") {
    in.reset(new InputFile(STDIN_FILENO, "stdin", false));
  } else {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) ThrowSystemError(path, errno);
    in.reset(new InputFile(fd, path, true));
  }
  struct stat st;
  if (fstat(in->fd_, &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw DataError(in->name_ + ": is a directory");
    if (S_ISREG(st.st_mode)) {
      in->seekable_ = true;
      in->raw_size_ = static_cast<uint64_t>(st.st_size);
      posix_fadvise(in->fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    } else if (S_ISFIFO(st.st_mode)) {
      WidenPipe(in->fd_);
    }
  }
  char head[6];
  size_t got = 0;
  while (got < sizeof head) {
    size_t k = in->ReadRaw(head + got, sizeof head - got);
    if (k == 0) break;
    got += k;
  }
  in->compression_ = DetectCompression(std::string_view(head, got));
  in->raw_source_ = std::make_unique<RawSource>(in.get(), std::string(head, got));
  in->decompressor_ = MakeDecompressor(in->compression_, in->name_, threads);
  return in;
}

InputFile::InputFile(int fd, std::string name, bool owns_fd) : fd_(fd), owns_fd_(owns_fd), name_(std::move(name)) {}

InputFile::~InputFile() {
  if (map_) ::munmap(map_, map_size_);
  if (owns_fd_) ::close(fd_);
}

std::string_view InputFile::MapContent(uint64_t* offset) {
  uint64_t size = raw_size_.value_or(0);
  if (!map_ && size > 0) {
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd_, 0);
    if (p == MAP_FAILED) ThrowSystemError(name_, errno);
    ::madvise(p, size, MADV_SEQUENTIAL);
    map_ = static_cast<char*>(p);
    map_size_ = size;
  }
  uint64_t end = std::min<uint64_t>(limit_.value_or(size), size);
  uint64_t begin = std::min(range_begin_, end);
  *offset = begin;
  return map_ ? std::string_view(map_ + begin, end - begin) : std::string_view();
}

void InputFile::ReleaseMappedBefore(const char* end) {
  if (!map_) return;
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  size_t upto = static_cast<size_t>(end - map_) / page * page;
  // Released in steps of kReleaseStep: each madvise makes the kernel flush the TLBs of the other threads.
  if (upto >= map_released_ + kReleaseStep) {
    ::madvise(map_ + map_released_, upto - map_released_, MADV_DONTNEED);
    map_released_ = upto;
  }
}

size_t InputFile::ReadRaw(char* buf, size_t n) {
  if (limit_) n = static_cast<size_t>(std::min<uint64_t>(n, *limit_ > position_ ? *limit_ - position_ : 0));
  if (n == 0) return 0;
  for (;;) {
    ssize_t k = seekable_ ? ::pread(fd_, buf, n, static_cast<off_t>(position_)) : ::read(fd_, buf, n);
    if (k >= 0) {
      position_ += static_cast<uint64_t>(k);
      raw_read_ += static_cast<uint64_t>(k);
      return static_cast<size_t>(k);
    }
    if (errno != EINTR) ThrowSystemError(name_, errno);
  }
}

std::string_view InputFile::Peek(size_t n) {
  while (peeked_.size() < n) {
    size_t have = peeked_.size();
    peeked_.resize(n);
    size_t k = decompressor_ ? decompressor_->Read(*raw_source_, peeked_.data() + have, n - have)
                             : raw_source_->Read(peeked_.data() + have, n - have);
    peeked_.resize(have + k);
    if (k == 0) break;
  }
  return std::string_view(peeked_).substr(0, n);
}

size_t InputFile::Read(char* buf, size_t n) {
  if (!peeked_.empty()) {
    size_t k = std::min(n, peeked_.size());
    std::memcpy(buf, peeked_.data(), k);
    peeked_.erase(0, k);
    return k;
  }
  return decompressor_ ? decompressor_->Read(*raw_source_, buf, n) : raw_source_->Read(buf, n);
}

size_t InputFile::ReadFull(char* buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    size_t k = Read(buf + got, n - got);
    if (k == 0) break;
    got += k;
  }
  return got;
}

size_t InputFile::ReadAt(uint64_t offset, char* buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t k = ::pread(fd_, buf + got, n - got, static_cast<off_t>(offset + got));
    if (k < 0) {
      if (errno == EINTR) continue;
      ThrowSystemError(name_, errno);
    }
    if (k == 0) break;
    got += static_cast<size_t>(k);
  }
  return got;
}

void InputFile::Restrict(uint64_t begin, uint64_t end) {
  range_begin_ = begin;
  position_ = begin;
  limit_ = end;
  peeked_.clear();
  raw_source_ = std::make_unique<RawSource>(this, std::string());
}

}  // namespace recpipe
