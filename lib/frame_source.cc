#include "lib/frame_source.h"

#include <string>
#include <string_view>

#include "lib/container_format.h"
#include "lib/container_source.h"
#include "lib/error.h"
#include "lib/input_file.h"
#include "lib/stream_reader.h"

namespace recpipe {

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The magic number a file name promises (.rec and .rps: a stream, .rpk: a container), if any.
const unsigned char* MagicOfName(std::string_view name) {
  for (std::string_view ext : {".gz", ".xz", ".zst", ".zstd"}) {
    if (EndsWith(name, ext)) {
      name.remove_suffix(ext.size());
      break;
    }
  }
  if (EndsWith(name, ".rec") || EndsWith(name, ".rps")) return kStreamMagic;
  if (EndsWith(name, ".rpk")) return kContainerMagic;
  return nullptr;
}

std::string_view KindOf(const unsigned char* magic) {
  return magic == kStreamMagic ? "record stream" : "pack container";
}

// Offset of the first byte of head that differs from magic (head.size() when head is a prefix of it).
size_t FirstDifference(std::string_view head, const unsigned char* magic) {
  size_t i = 0;
  while (i < head.size() && i < 8 && static_cast<unsigned char>(head[i]) == magic[i]) ++i;
  return i;
}

}  // namespace

void RefuseBrokenRecordInput(InputFile& in) {
  static_assert(sizeof kStreamMagic == 8 && sizeof kContainerMagic == 8);
  const std::string_view head = in.Peek(8);
  const std::string& name = in.name();
  auto fail = [&](size_t offset, const std::string& what) {
    throw DataError(name + ": byte " + std::to_string(offset) + ": " + what);
  };
  if (FirstDifference(head, kStreamMagic) == 8 || FirstDifference(head, kContainerMagic) == 8) return;  // sound
  for (const unsigned char* magic : {kStreamMagic, kContainerMagic}) {
    const size_t same = FirstDifference(head, magic);
    if (head.size() < 8 && same == head.size() && same > 0) {
      std::string kind = same <= 3 ? "record stream or pack container" : std::string(KindOf(magic));
      fail(same, "a " + kind + " cut after " + std::to_string(same) + (same == 1 ? " byte" : " bytes") +
                     ", inside its magic number");
    }
    if (head.size() == 8) {
      int differ = 0;
      for (size_t i = 0; i < 8; ++i) differ += static_cast<unsigned char>(head[i]) != magic[i];
      if (same >= 4 || differ == 1) fail(same, "a " + std::string(KindOf(magic)) + " with a damaged magic number");
    }
  }
  if (const unsigned char* magic = MagicOfName(name)) {
    const size_t at = FirstDifference(head, magic);
    if (head.empty()) fail(0, "empty, yet named as a " + std::string(KindOf(magic)));
    fail(at, "bad magic number for a " + std::string(KindOf(magic)) + ", which its name says it is");
  }
}

std::unique_ptr<FrameSource> OpenFrameSource(InputFile& in, int /*threads*/) {
  if (LooksLikeContainer(in.Peek(sizeof kContainerMagic))) return std::make_unique<ContainerSource>(in);
  return std::make_unique<StreamReader>(in, in.name());
}

}  // namespace recpipe
