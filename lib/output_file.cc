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

// Temporary files the signal handler must remove. Fixed storage: a handler may not allocate or lock.
constexpr int kMaxTemps = 64;
constexpr size_t kMaxPath = 4096;
char g_temp_paths[kMaxTemps][kMaxPath];
std::atomic<bool> g_temp_live[kMaxTemps];

std::atomic<bool> g_temp_claimed[kMaxTemps];

// Returns the slot that holds the path, or -1 when all are taken.
int RegisterTemp(const std::string& path) {
  if (path.size() >= kMaxPath) return -1;
  for (int i = 0; i < kMaxTemps; ++i) {
    bool expected = false;
    if (g_temp_claimed[i].compare_exchange_strong(expected, true)) {
      std::memcpy(g_temp_paths[i], path.c_str(), path.size() + 1);
      g_temp_live[i].store(true);
      return i;
    }
  }
  return -1;
}

void ForgetTemp(int slot) {
  if (slot < 0) return;
  g_temp_live[slot].store(false);
  g_temp_claimed[slot].store(false);
}

extern "C" void RemoveTempsAndDie(int sig) {
  for (int i = 0; i < kMaxTemps; ++i) {
    if (g_temp_live[i].load()) ::unlink(g_temp_paths[i]);
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
    temp_slot_ = RegisterTemp(temp_);
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (fd_ < 0) ThrowSystemError(path, err);
  if (temp_slot_ < 0) {
    ::close(fd_);
    ::unlink(temp_.c_str());
    throw DataError(path + ": too many outputs open at once");
  }
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
