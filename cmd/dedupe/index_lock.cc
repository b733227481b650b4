#include "cmd/dedupe/index_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>

#include "lib/error.h"

namespace recpipe::dedupe {

IndexLock::IndexLock(const std::string& index_path, bool wait, bool quiet)
    : index_(index_path), path_(index_path + ".lock") {
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd_ < 0) ThrowSystemError(path_ + ": cannot make the lock of the index", errno);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    if (err != EWOULDBLOCK) {
      ::close(fd_);
      ThrowSystemError(path_ + ": cannot lock", err);
    }
    std::string holder = Holder();
    if (!wait) {
      ::close(fd_);
      throw DataError(index_ + ": in use by another dedupe" + holder + " (--no-wait)");
    }
    if (!quiet) {
      std::cerr << "dedupe: waiting for " << index_ << ": in use by another dedupe" << holder
                << " (--no-wait fails instead)\n";
    }
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) {
        err = errno;
        ::close(fd_);
        ThrowSystemError(path_ + ": cannot lock", err);
      }
    }
  }
  // Ours now: leave our pid for the message of the next one that waits. Only a courtesy, so failures are ignored.
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] ssize_t n = ::pwrite(fd_, pid.data(), pid.size(), 0);
  }
}

IndexLock::~IndexLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the only descriptor releases the flock
}

std::string IndexLock::Holder() const {
  char buf[32];
  ssize_t n = ::pread(fd_, buf, sizeof buf - 1, 0);
  if (n <= 0) return "";
  std::string text(buf, static_cast<size_t>(n));
  while (!text.empty() && text.back() == '\n') text.pop_back();
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return "";
  return " (pid " + text + ")";
}

}  // namespace recpipe::dedupe
