// The toolkit's version, shown by --version and written into man pages.
#pragma once

namespace recpipe {
inline constexpr const char* kVersion = "0.1.0";
}  // namespace recpipe
