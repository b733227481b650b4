#include "lib/error.h"

#include <cerrno>
#include <cstring>

namespace recpipe {

void ThrowSystemError(const std::string& what, int errnum) {
  if (errnum == EPIPE) throw BrokenPipe();
  throw DataError(what + ": " + std::strerror(errnum));
}

}  // namespace recpipe
