// libFuzzer target for bam2cols' input through htslib: any bytes, read as a BAM/SAM/CRAM file, must either convert
// (every record encoded with every column and all tags) or fail with DataError/UsageError, never crash, hang or
// read out of bounds; and a BAM read by chunks (convert.cc's way: bam_chunks.h, bam_record.h) must give the same
// records as read record by record through htslib's bam_read1, or be refused. htslib reads from a path, so each input
// is written to a temporary file first. Under gcc the saved corpus is replayed by replay_main.cc as an ordinary test.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "cmd/bam2cols/bam_chunks.h"
#include "cmd/bam2cols/bam_record.h"
#include "cmd/bam2cols/column_spec.h"
#include "cmd/bam2cols/read_encoder.h"
#include "cmd/bam2cols/sam_input.h"
#include "lib/buffer.h"
#include "lib/endian.h"
#include "lib/error.h"

namespace {

std::string TempPath() {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir && *dir ? dir : "/tmp") + "/bam_reader_fuzz." + std::to_string(getpid());
}

// The encoded frames of every record of the file, read record by record through htslib (by_chunks false) or, for
// BAM, by chunks of bytes decoded by bam_record.h as convert.cc does; false when the input is refused.
bool Convert(const std::string& path, bool by_chunks, std::string* out) {
  using namespace recpipe::bam2cols;
  static const ColumnSet columns = ParseColumns(std::string(kColumnNames), "NM:i,MD:Z,XF:f,AS:u8", true);
  static const recpipe::Schema schema = ReadsSchema(columns, "", "fuzz");
  static const recpipe::TableLayout layout(schema);
  try {
    SamInput in(InputOptions{path, "", 1, columns.required_fields});
    if (by_chunks && !in.is_bam()) return false;
    ReadEncoder encoder(columns, layout, in.header(), path);
    recpipe::Buffer frames;
    recpipe::BatchBuilder builder(&frames, 0, layout, 1 << 16);
    std::unique_ptr<bam1_t, void (*)(bam1_t*)> b(bam_init1(), bam_destroy1);
    const auto encode = [&](uint64_t n) {
      try {
        encoder.Encode(b.get(), n, &builder);
      } catch (const recpipe::DataError&) {
        // A tag outside its column: nothing was written, and the next read still encodes.
      }
    };
    uint64_t n = 0;
    if (by_chunks) {
      BamChunker chunker(&in, -1);
      BamChunk chunk;
      while (chunker.Next(4096, &chunk)) {
        const auto* data = reinterpret_cast<const uint8_t*>(chunk.bytes.data());
        for (size_t i = 0, at = 0; i < chunk.records; ++i) {
          const uint32_t size = recpipe::Load<uint32_t>(data + at);
          if (!DecodeBamRecord(data + at + 4, size, b.get())) return false;
          encode(++n);
          at += 4 + size_t{size};
        }
      }
    } else {
      while (in.Next(b.get())) encode(++n);
    }
    builder.Finish();
    out->assign(frames.view());
    return true;
  } catch (const recpipe::DataError&) {
  } catch (const recpipe::UsageError&) {
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = TempPath();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size != 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  // A BAM gives the same records both ways, or is refused both ways.
  std::string by_records, by_chunks;
  const bool read = Convert(path, false, &by_records);
  if (Convert(path, true, &by_chunks) && (!read || by_chunks != by_records)) std::abort();
  std::remove(path.c_str());
  return 0;
}
