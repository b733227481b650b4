// bam2cols: aligned reads (BAM, SAM, CRAM through htslib) into typed columns. The options and the entry points
// main.cc calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lib/command_line.h"
#include "lib/stream_format.h"

namespace recpipe::bam2cols {

inline constexpr const char* kCommand = "bam2cols";

// The read filters, all applied together (as samtools view -q, -f, -F).
struct ReadFilter {
  uint8_t min_mapq = 0;
  uint16_t require_flags = 0;  // -f: all of these set
  uint16_t exclude_flags = 0;  // -F: none of these set (--primary-only adds 0x900)
};

struct Options {
  CommonOptions common;
  std::string input = "-";
  std::string reference;  // --reference
  std::string columns;    // --columns ("": the default)
  std::string tags;       // --tags
  bool all_tags = false;
  bool write_reads = true, write_references = true;  // --tables
  std::vector<std::string> regions;                  // --region, and --regions-file's lines as regions
  ReadFilter filter;
  std::optional<std::pair<uint64_t, uint64_t>> part;  // --part K/N
  std::optional<uint64_t> plan;                       // --plan N
  size_t batch_bytes = kDefaultBatchBytes;
};

// --regions-file: a BED file (0-based, half-open) as regions "{chr}:A-B" (1-based, inclusive). Throws DataError
// naming the file and line.
std::vector<std::string> ReadBedRegions(const std::string& path);

// The whole run: reads the input and writes the tables to the common output.
void Convert(const Options& options);

}  // namespace recpipe::bam2cols
