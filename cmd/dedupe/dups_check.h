// --dups and the main output must be two different places: into one, the two streams would interleave (both on
// standard output) or one would replace the other (the same file, each renamed over it in turn), and the dropped
// records would be lost.
#pragma once

#include <string>

namespace recpipe::dedupe {

// Throws UsageError when `dups` and `output` ("-": standard output) name the same stream or file. Devices (such as
// /dev/null) may take both.
void RefuseSameDupsAndOutput(const std::string& dups, const std::string& output);

}  // namespace recpipe::dedupe
