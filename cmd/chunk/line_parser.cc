#include <cstring>

#include "cmd/chunk/text_parser.h"

namespace recpipe::chunk {
namespace {

class LineParser : public TextParser {
 public:
  explicit LineParser(Schema schema) : schema_(std::move(schema)) {
    schema_.fields = {Field{"line", Type::kString, false}};
  }
  const Schema& schema() const override { return schema_; }

  void Parse(std::string_view text, BatchBuilder& builder, ParseResult* result) const override {
    const char* p = text.data();
    const char* const end = p + text.size();
    uint64_t n = 0;
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      const char* e = nl ? nl : end;
      builder.Begin();
      builder.AddVariable(std::string_view(p, static_cast<size_t>(e - p)));
      builder.End();
      ++n;
      p = nl ? nl + 1 : end;
    }
    result->lines += n;
    result->records += n;
  }

 private:
  Schema schema_;
};

}  // namespace

std::unique_ptr<TextParser> MakeLineParser(Schema schema) { return std::make_unique<LineParser>(std::move(schema)); }

}  // namespace recpipe::chunk
