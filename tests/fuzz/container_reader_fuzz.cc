// libFuzzer target for the pack container reader: any bytes must either read as a valid container or fail with
// DataError, never crash, hang or read out of bounds, whether read in order or through the index, and decoded
// blocks are rendered to exercise the record views. Each input is read twice: as it is, and with every frame's
// checksum recomputed, so that mutations get past the checksums to the block headers, the index and the column
// images. Under gcc the saved corpus is replayed by replay_main.cc as an ordinary test.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "lib/container_reader.h"
#include "lib/endian.h"
#include "lib/error.h"
#include "lib/frame.h"
#include "lib/input_file.h"
#include "lib/record_view.h"
#include "lib/text_format.h"

namespace {

// Recomputes the checksum of every frame that the lengths let us find, and of a trailer-sized frame at the end.
std::string Reseal(std::string bytes) {
  auto reseal_at = [&](size_t at) {
    if (at + recpipe::kFrameHeaderSize > bytes.size()) return false;
    recpipe::FrameHeader h = recpipe::DecodeFrameHeader(bytes.data() + at);
    if (h.length > bytes.size() - at - recpipe::kFrameHeaderSize) return false;
    recpipe::Store<uint64_t>(bytes.data() + at + 16,
                             recpipe::FrameChecksum(bytes.data() + at, bytes.data() + at + 24, h.length));
    return true;
  };
  size_t at = recpipe::kContainerHeaderSize;
  while (reseal_at(at)) at += recpipe::kFrameHeaderSize + recpipe::DecodeFrameHeader(bytes.data() + at).length;
  if (bytes.size() >= recpipe::kTrailerFrameSize) reseal_at(bytes.size() - recpipe::kTrailerFrameSize);
  return bytes;
}

void Render(const recpipe::ContainerReader& reader, const recpipe::Frame& block, uint64_t number) {
  recpipe::Buffer batch, text;
  reader.DecodeBlock(block, number, &batch);
  const recpipe::ContainerTable& t = reader.table(block.table_id);
  recpipe::ForEachRecordInFrames(*t.layout, batch.view(), [&](const recpipe::RecordView& r) {
    recpipe::RenderRecord(recpipe::OutputForm::kJsonl, t.schema, *t.layout, r, &text);
  });
}

void ReadAll(const std::string& bytes) {
  int fd = memfd_create("container_fuzz", 0);
  if (fd < 0) return;
  if (write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size())) {
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    try {
      std::unique_ptr<recpipe::InputFile> in = recpipe::InputFile::Open(path);
      recpipe::ContainerReader reader(*in, false);
      reader.set_skip_damaged(bytes.size() % 2 == 0);  // both ways, as the input decides
      recpipe::Frame f;
      uint64_t number;
      while (reader.Next(&f, &number)) {
        if (f.type == recpipe::kBlockFrame) Render(reader, f, number);
      }
    } catch (const recpipe::DataError&) {
    }
    try {
      std::unique_ptr<recpipe::InputFile> in = recpipe::InputFile::Open(path);
      recpipe::ContainerReader reader(*in, true);
      uint64_t number = 0;
      for (const recpipe::IndexEntry& e : reader.entries()) {
        if (e.type != recpipe::kBlockFrame) continue;
        recpipe::Frame f;
        reader.ReadEntry(e, number, &f);
        Render(reader, f, number++);
      }
    } catch (const recpipe::DataError&) {
    }
  }
  close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  ReadAll(input);
  ReadAll(Reseal(input));
  return 0;
}
