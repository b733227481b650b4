#include "cmd/parse_gtfs/deflate_source.h"

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <vector>

#include "lib/error.h"

namespace recpipe::parse_gtfs {
namespace {

constexpr size_t kInputBytes = 256 << 10;

class DeflateSource : public ByteSource {
 public:
  DeflateSource(std::unique_ptr<ByteSource> compressed, uint32_t crc32, uint64_t size, std::string name)
      : compressed_(std::move(compressed)), crc32_(crc32), size_(size), name_(std::move(name)), in_(kInputBytes) {
    isal_inflate_init(&state_);
    state_.crc_flag = ISAL_GZIP_NO_HDR;  // the CRC-32 of the output, as zip and gzip define it
  }

  size_t Read(char* buf, size_t n) override {
    if (finished_) return 0;
    state_.next_out = reinterpret_cast<uint8_t*>(buf);
    state_.avail_out = static_cast<uint32_t>(std::min<size_t>(n, UINT32_MAX));
    const uint32_t room = state_.avail_out;
    while (state_.avail_out == room) {
      if (state_.avail_in == 0 && !input_done_) {
        size_t got = compressed_->Read(reinterpret_cast<char*>(in_.data()), in_.size());
        if (got == 0) input_done_ = true;
        state_.next_in = in_.data();
        state_.avail_in = static_cast<uint32_t>(got);
      }
      int ret = isal_inflate(&state_);
      if (ret != ISAL_DECOMP_OK)
        throw DataError(name_ + ": damaged compressed data (igzip error " + std::to_string(ret) + ")");
      if (state_.block_state == ISAL_BLOCK_FINISH) break;
      if (input_done_ && state_.avail_in == 0 && state_.avail_out == room) {
        throw DataError(name_ + ": compressed data cut short");
      }
    }
    const size_t produced = room - state_.avail_out;
    out_ += produced;
    if (produced == 0 && state_.block_state == ISAL_BLOCK_FINISH) {
      finished_ = true;
      if (out_ != size_) {
        throw DataError(name_ + ": " + std::to_string(out_) + " bytes inflated, the zip's directory says " +
                        std::to_string(size_));
      }
      if (state_.crc != crc32_) throw DataError(name_ + ": CRC-32 does not match the zip's directory (damaged entry)");
    }
    return produced;
  }

 private:
  std::unique_ptr<ByteSource> compressed_;
  uint32_t crc32_;
  uint64_t size_;
  std::string name_;
  std::vector<uint8_t> in_;
  inflate_state state_;
  bool input_done_ = false;
  bool finished_ = false;
  uint64_t out_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> MakeDeflateSource(std::unique_ptr<ByteSource> compressed, uint32_t crc32, uint64_t size,
                                              std::string name) {
  return std::make_unique<DeflateSource>(std::move(compressed), crc32, size, std::move(name));
}

}  // namespace recpipe::parse_gtfs
