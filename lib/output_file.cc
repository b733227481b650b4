#include "lib/output_file.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "lib/error.h"
#include "lib/pipe_buffer.h"

namespace recpipe {
namespace {

// Temporary files the signal handler must remove. A handler may not allocate or lock, so the registry is a list of
// chunks of atomic pointers, each chunk linked once and never freed; a taken slot points at the temporary name held
// by a live OutputFile, cleared before that string goes. There is no limit but memory: merge --partition-by keeps
// one output open per partition.
constexpr int kSlotsPerChunk = 256;
struct TempChunk {
  TempSlot paths[kSlotsPerChunk] = {};
  std::atomic<TempChunk*> next{nullptr};
};
TempChunk g_temps;

TempSlot* RegisterTemp(const char* path) {
  for (TempChunk* chunk = &g_temps;;) {
    for (TempSlot& slot : chunk->paths) {
      const char* expected = nullptr;
      if (slot.compare_exchange_strong(expected, path)) return &slot;
    }
    TempChunk* next = chunk->next.load();
    if (next == nullptr) {
      auto* fresh = new TempChunk();
      // Another thread may have linked one first: then use that one (next now holds it).
      if (chunk->next.compare_exchange_strong(next, fresh)) next = fresh;
      else delete fresh;
    }
    chunk = next;
  }
}

void ForgetTemp(TempSlot* slot) {
  if (slot != nullptr) slot->store(nullptr);
}

extern "C" void RemoveTempsAndDie(int sig) {
  for (TempChunk* chunk = &g_temps; chunk != nullptr; chunk = chunk->next.load()) {
    for (TempSlot& slot : chunk->paths) {
      if (const char* path = slot.load()) ::unlink(path);
    }
  }
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

}  // namespace

void InstallSignalCleanup() {
  ::signal(SIGPIPE, SIG_IGN);
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = RemoveTempsAndDie;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

OutputFile::OutputFile(const std::string& path) : name_(path) {
  if (path == "-") {
    fd_ = STDOUT_FILENO;
    name_ = "stdout";
    terminal_ = ::isatty(fd_);
    WidenPipe(fd_);
    return;
  }
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) ThrowSystemError(path, errno);
    terminal_ = ::isatty(fd_);
    WidenPipe(fd_);
    return;
  }
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string temp = dir + "." + base + ".tmp-XXXXXX";
  // The signals that clean up must not arrive between the file's creation and its registration, or the file
  // would outlive an interrupted run.
  sigset_t block, previous;
  sigemptyset(&block);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&block, sig);
  pthread_sigmask(SIG_BLOCK, &block, &previous);
  fd_ = ::mkostemp(temp.data(), O_CLOEXEC);
  int err = errno;
  if (fd_ >= 0) {
    temp_ = temp;
    temp_slot_ = RegisterTemp(temp_.c_str());
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (fd_ < 0) ThrowSystemError(path, err);
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd_, 0666 & ~mask);
}

OutputFile::~OutputFile() {
  if (committed_) return;
  if (!temp_.empty()) {
    ::close(fd_);
    ::unlink(temp_.c_str());
    ForgetTemp(temp_slot_);
  } else if (fd_ > STDERR_FILENO) {
    ::close(fd_);
  }
}

void OutputFile::CountBytesOfTemporaryFile() {
  struct stat st;
  if (!temp_.empty() && stat(temp_.c_str(), &st) == 0) written_ = static_cast<uint64_t>(st.st_size);
}

void OutputFile::Write(std::string_view bytes) {
  const char* p = bytes.data();
  size_t n = bytes.size();
  while (n > 0) {
    ssize_t k = ::write(fd_, p, n);
    if (k < 0) {
      if (errno == EINTR) continue;
      ThrowSystemError(name_, errno);
    }
    p += k;
    n -= static_cast<size_t>(k);
    written_ += static_cast<uint64_t>(k);
  }
}

void OutputFile::Commit() {
  if (temp_.empty()) {
    if (fd_ > STDERR_FILENO && ::close(fd_) != 0) ThrowSystemError(name_, errno);
    committed_ = true;
    return;
  }
  int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) {
    int err = errno;
    ::unlink(temp_.c_str());
    ForgetTemp(temp_slot_);
    committed_ = true;
    ThrowSystemError(name_, err);
  }
  if (::rename(temp_.c_str(), name_.c_str()) != 0) {
    int err = errno;
    ::unlink(temp_.c_str());
    ForgetTemp(temp_slot_);
    committed_ = true;
    ThrowSystemError(name_, err);
  }
  ForgetTemp(temp_slot_);
  committed_ = true;
}

}  // namespace recpipe
