#include "lib/csv.h"

#include "cmd/chunk/text_parser.h"
#include "lib/error.h"
#include "lib/typed_text.h"

namespace recpipe::chunk {
namespace {

class CsvRowParser : public TextParser {
 public:
  CsvRowParser(Schema schema, const CsvSettings& settings) : schema_(std::move(schema)), delimiter_(settings.delimiter) {
    for (const std::string& name : settings.header) {
      Field f{name, Type::kString, false};
      for (const auto& [typed_name, declared] : settings.types) {
        if (typed_name == name) {
          f.type = declared.type;
          f.logical = declared.logical;
          f.nullable = !IsVariable(f.type);  // an empty typed value is null; an empty string stays a string
        }
      }
      schema_.fields.push_back(std::move(f));
    }
  }
  const Schema& schema() const override { return schema_; }

  void Parse(std::string_view text, BatchBuilder& builder, ParseResult* result) const override {
    thread_local CsvParser parser(',');
    parser = CsvParser(delimiter_);
    const size_t nfields = schema_.fields.size();
    size_t pos = 0;
    std::string why;
    while (pos < text.size()) {
      uint64_t line = result->lines;
      CsvStatus status = parser.ParseRow(text, &pos);
      result->lines += parser.line_feeds();
      if (status == CsvStatus::kUnclosedQuote) {
        result->errors.push_back({line, "quoted field not closed before the end of the input"});
        result->lines += 1;
        return;
      }
      if (status == CsvStatus::kBadQuote) {
        result->errors.push_back({line, "unexpected character after a closing quote"});
        // Skip to the next line end and go on from there.
        size_t nl = text.find('\n', pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        result->lines += 1;
        continue;
      }
      if (parser.line_feeds() == 0) result->lines += 1;  // the last line, without its LF
      const auto& fields = parser.fields();
      if (fields.size() == 1 && fields[0].empty() && nfields != 1) continue;  // a blank line
      if (fields.size() != nfields) {
        result->errors.push_back({line, "expected " + std::to_string(nfields) + (nfields == 1 ? " field" : " fields") + ", found " +
                                            std::to_string(fields.size())});
        continue;
      }
      builder.Begin();
      bool bad = false;
      for (size_t i = 0; i < nfields && !bad; ++i) {
        const Field& f = schema_.fields[i];
        if (IsVariable(f.type)) {
          builder.AddVariable(fields[i]);
        } else if (fields[i].empty()) {
          builder.SetNull(i);
        } else if (!SetFieldFromText(fields[i], f, i, builder, &why)) {
          result->errors.push_back({line, "column '" + f.name + "': " + why});
          bad = true;
        }
      }
      if (bad) {
        builder.Abandon();
        continue;
      }
      builder.End();
      ++result->records;
    }
  }

 private:
  Schema schema_;
  char delimiter_;
};

}  // namespace

std::unique_ptr<TextParser> MakeCsvParser(Schema schema_base, const CsvSettings& settings) {
  return std::make_unique<CsvRowParser>(std::move(schema_base), settings);
}

}  // namespace recpipe::chunk
