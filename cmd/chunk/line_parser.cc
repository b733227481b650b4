
#include <algorithm>
#include <cstring>

#include "cmd/chunk/text_parser.h"
#include "lib/endian.h"
#include "lib/line_scan.h"

namespace recpipe::chunk {
namespace {

// Copies n bytes in 16-byte steps: may read up to 15 bytes past src + n and write up to 15 past dst + n.
inline void CopyOver(char* dst, const char* src, size_t n) {
  for (size_t i = 0; i < n; i += 16) std::memcpy(dst + i, src + i, 16);
}

class LineParser : public TextParser {
 public:
  explicit LineParser(Schema schema) : schema_(std::move(schema)) {
    schema_.fields = {Field{"line", Type::kString, false}};
  }
  const Schema& schema() const override { return schema_; }

  void Parse(std::string_view text, BatchBuilder& builder, ParseResult* result) const override {
    // A lines record is its length and its bytes (the one variable field, being the last, has no length of its
    // own). Records are written straight into the batch, a room of kRoom bytes at a time, and the batch is sealed
    // by the record that reaches --batch-size, as BatchBuilder::End does. Lines are copied 16 bytes at a time,
    // over-reading into the bytes after the line (a block is followed by readable padding) and over-writing into
    // slack that the next record overwrites.
    constexpr size_t kRoom = size_t{1} << 16;
    constexpr size_t kSlack = 16;
    char* o = nullptr;
    char* limit = nullptr;
    char* seal_at = nullptr;
    uint32_t pending = 0;
    auto open = [&](size_t at_least) {
      size_t room = std::max(kRoom, at_least);
      o = builder.Reserve(room + kSlack);
      limit = o + room;
      seal_at = o + builder.BatchRoom();
    };
    auto commit = [&] {
      builder.Commit(o, pending);
      pending = 0;
    };
    open(0);
    uint64_t n = 0;
    ForEachLine(text, [&](std::string_view line) {
      if (static_cast<size_t>(limit - o) < line.size() + 4) {
        commit();
        open(line.size() + 4);
      }
      Store<uint32_t>(o, static_cast<uint32_t>(line.size()));
      CopyOver(o + 4, line.data(), line.size());
      o += 4 + line.size();
      ++pending;
      ++n;
      if (o >= seal_at) {
        commit();  // seals the batch
        open(0);
      }
    });
    commit();
    result->lines += n;
    result->records += n;
  }

 private:
  Schema schema_;
};

}  // namespace

std::unique_ptr<TextParser> MakeLineParser(Schema schema) { return std::make_unique<LineParser>(std::move(schema)); }

}  // namespace recpipe::chunk
