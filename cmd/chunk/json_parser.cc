// JSON lines through simdjson's DOM parser, which validates each whole line (the on-demand API would not look at
// the parts we do not extract, and a malformed line must be an error).
#include <simdjson.h>

#include <cstring>

#include "cmd/chunk/text_parser.h"
#include "lib/error.h"
#include "lib/split_list.h"
#include "lib/typed_text.h"

namespace recpipe::chunk {
namespace {

static_assert(simdjson::SIMDJSON_PADDING <= 64, "text blocks carry 64 bytes of padding");

class JsonLineParser : public TextParser {
 public:
  JsonLineParser(Schema schema, const JsonSettings& settings) : schema_(std::move(schema)) {
    for (const std::string& name : settings.fields) {
      Field f{name, Type::kString, true};
      for (const auto& [typed_name, declared] : settings.types) {
        if (typed_name == name) {
          f.type = declared.type;
          f.logical = declared.logical;
        }
      }
      schema_.fields.push_back(f);
      std::vector<std::string> path = SplitList(name, '.');
      paths_.push_back(std::move(path));
    }
    keep_line_ = settings.keep_line;
    if (keep_line_) schema_.fields.push_back(Field{"line", Type::kString, false});
  }
  const Schema& schema() const override { return schema_; }

  void Parse(std::string_view text, BatchBuilder& builder, ParseResult* result) const override {
    thread_local simdjson::dom::parser parser;
    const char* p = text.data();
    const char* const end = p + text.size();
    std::string why;
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      const char* e = nl ? nl : end;
      uint64_t line = result->lines++;
      std::string_view raw(p, static_cast<size_t>(e - p));
      p = nl ? nl + 1 : end;
      if (raw.find_first_not_of(" \t\r") == std::string_view::npos) continue;  // blank line
      simdjson::dom::element doc;
      // The bytes after the line (the next lines, then the block's padding) are readable, as simdjson needs.
      auto err = parser.parse(raw.data(), raw.size(), false).get(doc);
      if (err) {
        result->errors.push_back({line, std::string("malformed JSON: ") + simdjson::error_message(err)});
        continue;
      }
      if (!doc.is_object()) {
        result->errors.push_back({line, "not a JSON object"});
        continue;
      }
      if (!ConvertLine(doc, raw, builder, &why)) {
        builder.Abandon();
        result->errors.push_back({line, why});
        continue;
      }
      ++result->records;
    }
  }

 private:
  bool ConvertLine(simdjson::dom::element doc, std::string_view raw, BatchBuilder& builder, std::string* why) const {
    builder.Begin();
    for (size_t i = 0; i < paths_.size(); ++i) {
      simdjson::dom::element v = doc;
      bool found = true;
      for (const std::string& key : paths_[i]) {
        simdjson::dom::object obj;
        if (v.get_object().get(obj) || obj.at_key(key).get(v)) {
          found = false;
          break;
        }
      }
      const Field& f = schema_.fields[i];
      if (!found || v.is_null()) {
        builder.SetNull(i);
        if (IsVariable(f.type)) builder.AddVariable({});
        continue;
      }
      if (!SetValue(v, f, i, builder, why)) {
        *why = "field '" + f.name + "': " + *why;
        return false;
      }
    }
    if (keep_line_) builder.AddVariable(raw);
    builder.End();
    return true;
  }

  static bool SetValue(simdjson::dom::element v, const Field& f, size_t i, BatchBuilder& builder, std::string* why) {
    // A logical type's text form is a JSON string; a timestamp may also be a number, a count of its unit.
    std::string_view text;
    if (f.logical.kind != Logical::kNone && v.get_string().get(text) == simdjson::SUCCESS) {
      return SetFieldFromText(text, f, i, builder, why);
    }
    if (f.logical.kind == Logical::kTime || f.logical.kind == Logical::kDate) {
      return Mismatch(v, ("a " + LogicalTypeName(f.logical) + " string").c_str(), why);
    }
    switch (f.type) {
      case Type::kString:
      case Type::kBytes: {
        std::string_view s;
        if (v.get_string().get(s) == simdjson::SUCCESS) {
          builder.AddVariable(s);
        } else {
          thread_local std::string json;
          json = simdjson::minify(v);
          builder.AddVariable(json);
        }
        return true;
      }
      case Type::kBool: {
        bool b;
        if (v.get_bool().get(b)) return Mismatch(v, "a bool", why);
        builder.SetFixed<uint8_t>(i, b ? 1 : 0);
        return true;
      }
      case Type::kF32:
      case Type::kF64: {
        double d;
        if (v.get_double().get(d)) return Mismatch(v, "a number", why);
        if (f.type == Type::kF32) {
          builder.SetFixed<float>(i, static_cast<float>(d));
        } else {
          builder.SetFixed<double>(i, d);
        }
        return true;
      }
      default:
        return SetInteger(v, f.type, i, builder, why);
    }
  }

  static bool SetInteger(simdjson::dom::element v, Type type, size_t i, BatchBuilder& builder, std::string* why) {
    if (IsUnsigned(type)) {
      uint64_t u;
      if (v.get_uint64().get(u)) return Mismatch(v, "an unsigned integer", why);
      uint64_t max = type == Type::kU64 ? UINT64_MAX : (uint64_t{1} << (8 * TypeWidth(type))) - 1;
      if (u > max) return Mismatch(v, ("a " + std::string(TypeName(type))).c_str(), why);
      switch (type) {
        case Type::kU8: builder.SetFixed<uint8_t>(i, static_cast<uint8_t>(u)); break;
        case Type::kU16: builder.SetFixed<uint16_t>(i, static_cast<uint16_t>(u)); break;
        case Type::kU32: builder.SetFixed<uint32_t>(i, static_cast<uint32_t>(u)); break;
        default: builder.SetFixed<uint64_t>(i, u);
      }
      return true;
    }
    int64_t n;
    if (v.get_int64().get(n)) return Mismatch(v, "an integer", why);
    int bits = 8 * TypeWidth(type);
    if (bits < 64 && (n < -(int64_t{1} << (bits - 1)) || n >= (int64_t{1} << (bits - 1)))) {
      return Mismatch(v, ("an " + std::string(TypeName(type))).c_str(), why);
    }
    switch (type) {
      case Type::kI8: builder.SetFixed<int8_t>(i, static_cast<int8_t>(n)); break;
      case Type::kI16: builder.SetFixed<int16_t>(i, static_cast<int16_t>(n)); break;
      case Type::kI32: builder.SetFixed<int32_t>(i, static_cast<int32_t>(n)); break;
      default: builder.SetFixed<int64_t>(i, n);
    }
    return true;
  }

  static bool Mismatch(simdjson::dom::element v, const char* wanted, std::string* why) {
    std::string shown = simdjson::minify(v);
    if (shown.size() > 40) shown = shown.substr(0, 40) + "...";
    *why = shown + " is not " + wanted;
    return false;
  }

  Schema schema_;
  std::vector<std::vector<std::string>> paths_;
  bool keep_line_ = false;
};

}  // namespace

std::unique_ptr<TextParser> MakeJsonParser(Schema schema_base, const JsonSettings& settings) {
  return std::make_unique<JsonLineParser>(std::move(schema_base), settings);
}

}  // namespace recpipe::chunk
