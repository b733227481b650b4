// Pipes between recpipe commands carry a record stream at gigabytes a second. Linux gives a pipe 64 KiB of
// buffer, so a 1 MiB frame crosses in 16 steps, each waking the other side: on a VM those wake-ups cost more
// than the copy. Widening the pipe to 1 MiB (the default /proc/sys/fs/pipe-max-size, allowed without
// privileges) lets a whole frame cross at once.
#pragma once

namespace recpipe {

// If fd is a pipe or FIFO, asks for a 1 MiB buffer (or pipe-max-size when that is smaller). Anything else, or
// a refusal (a user past their pipe quota), leaves the pipe as it was: only speed depends on it.
void WidenPipe(int fd);

}  // namespace recpipe
