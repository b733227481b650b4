// --regions-file: BED lines (chrom, start, end; 0-based half-open) into htslib region strings. Header lines
// (track, browser, #) and empty lines are skipped, as samtools does.
#include <fstream>

#include "cmd/bam2cols/bam2cols.h"
#include "lib/error.h"

namespace recpipe::bam2cols {

std::vector<std::string> ReadBedRegions(const std::string& path) {
  std::ifstream in(path);
  if (!in) ThrowSystemError(path, errno);
  std::vector<std::string> regions;
  std::string line;
  for (uint64_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#' || line.rfind("track", 0) == 0 || line.rfind("browser", 0) == 0) continue;
    size_t t1 = line.find('\t');
    size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string::npos)
      throw DataError(path + ":" + std::to_string(number) + ": not a BED line (chrom, start, end)");
    size_t t3 = line.find('\t', t2 + 1);
    std::string chrom = line.substr(0, t1);
    std::string start = line.substr(t1 + 1, t2 - t1 - 1),
                end = line.substr(t2 + 1, t3 == std::string::npos ? t3 : t3 - t2 - 1);
    uint64_t a = 0, b = 0;
    try {
      a = ParseCount(start, "BED start", 0, INT64_MAX - 1);
      b = ParseCount(end, "BED end", 0, INT64_MAX);
    } catch (const UsageError&) {
      throw DataError(path + ":" + std::to_string(number) + ": start and end must be whole numbers");
    }
    if (b <= a) throw DataError(path + ":" + std::to_string(number) + ": end must exceed start");
    regions.push_back("{" + chrom + "}:" + std::to_string(a + 1) + "-" + std::to_string(b));
  }
  if (in.bad()) ThrowSystemError(path, errno);
  return regions;
}

}  // namespace recpipe::bam2cols
