#include "lib/pipe_buffer.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cstdio>

namespace recpipe {
namespace {

constexpr int kWanted = 1 << 20;

int PipeMaxSize() {
  int max = kWanted;
  if (std::FILE* f = std::fopen("/proc/sys/fs/pipe-max-size", "r")) {
    if (std::fscanf(f, "%d", &max) != 1) max = kWanted;
    std::fclose(f);
  }
  return max;
}

}  // namespace

void WidenPipe(int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode)) return;
  int size = PipeMaxSize();
  if (size > kWanted) size = kWanted;
  if (::fcntl(fd, F_GETPIPE_SZ) >= size) return;
  (void)::fcntl(fd, F_SETPIPE_SZ, size);
}

}  // namespace recpipe
