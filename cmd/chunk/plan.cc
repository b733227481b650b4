// --plan N: the line-aligned byte ranges that --part K/N reads, one "INDEX<TAB>START<TAB>LENGTH" line each, so that
// Makefiles and job arrays can hand each job its piece (or its offsets to other tools).
#include "cmd/chunk/chunk.h"
#include "lib/error.h"
#include "lib/pieces.h"

namespace recpipe::chunk {

void PrintPlan(InputFile& in, uint64_t n, std::string* out) {
  if (!in.seekable()) throw UsageError("--plan needs a regular uncompressed file; " + in.name() + " is not one");
  std::vector<ByteRange> plan = LinePlan(in, *in.raw_size(), n);
  for (size_t i = 0; i < plan.size(); ++i) {
    *out += std::to_string(i + 1) + "\t" + std::to_string(plan[i].start) + "\t" + std::to_string(plan[i].length) +
            "\n";
  }
}

}  // namespace recpipe::chunk
