// Which format a file is, from its first bytes (--format overrides): HDF5 by its signature, Prophesee RAW and DAT
// by their '%' headers, text by being printable lines; anything else is rejected as none of these.
#pragma once

#include <string>
#include <string_view>

namespace recpipe::parse_events {

enum class InputKind { kRaw, kHdf5, kText, kUnknown };

InputKind DetectKind(std::string_view head);

// The names --format takes.
inline constexpr const char* kFormatNames = "auto, evt2, evt21, evt21-legacy, evt3, dat, hdf5, text";

}  // namespace recpipe::parse_events
