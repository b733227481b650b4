// libFuzzer target for bam2cols' input through htslib: any bytes, read as a BAM/SAM/CRAM file, must either convert
// (every record encoded with every column and all tags) or fail with DataError/UsageError, never crash, hang or
// read out of bounds. htslib reads from a path, so each input is written to a temporary file first. Under gcc the
// saved corpus is replayed by replay_main.cc as an ordinary test.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "cmd/bam2cols/column_spec.h"
#include "cmd/bam2cols/read_encoder.h"
#include "cmd/bam2cols/sam_input.h"
#include "lib/buffer.h"
#include "lib/error.h"

namespace {

std::string TempPath() {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir && *dir ? dir : "/tmp") + "/bam_reader_fuzz." + std::to_string(getpid());
}

void Convert(const std::string& path) {
  using namespace recpipe::bam2cols;
  static const ColumnSet columns = ParseColumns(std::string(kColumnNames), "NM:i,MD:Z,XF:f,AS:u8", true);
  static const recpipe::Schema schema = ReadsSchema(columns, "", "fuzz");
  static const recpipe::TableLayout layout(schema);
  try {
    SamInput in(InputOptions{path, "", 1, columns.required_fields});
    ReadEncoder encoder(columns, layout, in.header(), path);
    recpipe::Buffer frames;
    recpipe::BatchBuilder builder(&frames, 0, layout, 1 << 16);
    bam1_t* b = bam_init1();
    try {
      for (uint64_t n = 1; in.Next(b); ++n) {
        try {
          encoder.Encode(b, n, &builder);
        } catch (const recpipe::DataError&) {
          // A tag outside its column: nothing was written, and the next read still encodes.
        }
      }
    } catch (...) {
      bam_destroy1(b);
      throw;
    }
    bam_destroy1(b);
  } catch (const recpipe::DataError&) {
  } catch (const recpipe::UsageError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = TempPath();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size != 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  Convert(path);
  std::remove(path.c_str());
  return 0;
}
