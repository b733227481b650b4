// JSON lines through simdjson's DOM parser, which validates each whole line (the on-demand API would not look at
// the parts we do not extract, and a malformed line must be an error).
//
// The DOM parser refuses numbers it cannot hold (integers beyond 64 bits, magnitudes beyond a double) as if they
// were malformed, yet such a line is valid JSON. A line refused for a number is therefore walked again, whole, with
// the on-demand API, which reads every value and hands out each number's text for a check of the JSON number
// grammar; the extracted values are then converted from their own text (BigNumberLine below).
#include <simdjson.h>

#include <cmath>
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
      if (err == simdjson::NUMBER_ERROR) {
        if (!BigNumberLine(raw, builder, &why)) {
          result->errors.push_back({line, why});
          continue;
        }
        ++result->records;
        continue;
      }
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

  // A line that the DOM parser refused for a number: checked whole with the on-demand API, then each extracted
  // value converted from its text. Returns false with *why set when the line is not valid JSON or a value does
  // not convert; the record is begun here, and ended on success or abandoned.
  bool BigNumberLine(std::string_view raw, BatchBuilder& builder, std::string* why) const {
    namespace od = simdjson::ondemand;
    thread_local od::parser parser;
    // The bytes after the line (the next lines, then the block's padding) are readable, as simdjson needs.
    const simdjson::padded_string_view text(raw.data(), raw.size(), raw.size() + simdjson::SIMDJSON_PADDING);
    od::document doc;
    od::object top;
    simdjson::error_code err = parser.iterate(text).get(doc);
    if (!err) {
      err = doc.get_object().get(top);
      if (err == simdjson::INCORRECT_TYPE) {
        *why = "not a JSON object";
        return false;
      }
    }
    if (!err) err = CheckObject(top, 1);
    const char* after = nullptr;  // a token after the object: trailing content
    if (!err && doc.current_location().get(after) != simdjson::OUT_OF_BOUNDS) err = simdjson::TRAILING_CONTENT;
    if (err) {
      *why = std::string("malformed JSON: ") + simdjson::error_message(err);
      return false;
    }
    builder.Begin();
    for (size_t i = 0; i < paths_.size(); ++i) {
      const Field& f = schema_.fields[i];
      std::string_view value;  // the value's JSON text; empty when missing
      bool is_string = false;
      if (doc.rewind(), FindText(doc, paths_[i], &value, &is_string) != simdjson::SUCCESS) {
        builder.Abandon();
        *why = "malformed JSON";
        return false;
      }
      if (value.empty() || value == "null") {
        builder.SetNull(i);
        if (IsVariable(f.type)) builder.AddVariable({});
        continue;
      }
      if (!SetValueFromText(value, is_string, f, i, builder, why)) {
        builder.Abandon();
        *why = "field '" + f.name + "': " + *why;
        return false;
      }
    }
    if (keep_line_) builder.AddVariable(raw);
    builder.End();
    return true;
  }

  // Reads every value of the object, which makes the on-demand parser check all of it; numbers, which it may not
  // hold, are checked against the JSON grammar instead.
  static simdjson::error_code CheckObject(simdjson::ondemand::object obj, int depth) {
    for (auto field : obj) {
      std::string_view key;
      simdjson::ondemand::value v;
      simdjson::error_code err = field.unescaped_key().get(key);
      if (!err) err = field.value().get(v);
      if (!err) err = CheckValue(v, depth);
      if (err) return err;
    }
    return simdjson::SUCCESS;
  }

  static simdjson::error_code CheckValue(simdjson::ondemand::value v, int depth) {
    namespace od = simdjson::ondemand;
    if (depth > kMaxDepth) return simdjson::DEPTH_ERROR;
    od::json_type type;
    if (auto err = v.type().get(type)) return err;
    switch (type) {
      case od::json_type::object: {
        od::object obj;
        if (auto err = v.get_object().get(obj)) return err;
        return CheckObject(obj, depth + 1);
      }
      case od::json_type::array: {
        od::array arr;
        if (auto err = v.get_array().get(arr)) return err;
        for (auto item : arr) {
          od::value e;
          if (auto err = item.get(e)) return err;
          if (auto err = CheckValue(e, depth + 1)) return err;
        }
        return simdjson::SUCCESS;
      }
      case od::json_type::string: {
        std::string_view str;
        return v.get_string().get(str);
      }
      case od::json_type::number: return IsJsonNumber(Token(v)) ? simdjson::SUCCESS : simdjson::NUMBER_ERROR;
      case od::json_type::boolean: {
        bool b;
        if (v.get_bool().get(b) == simdjson::SUCCESS) return simdjson::SUCCESS;
        return Token(v).front() == 't' ? simdjson::T_ATOM_ERROR : simdjson::F_ATOM_ERROR;
      }
      case od::json_type::null: return Token(v) == "null" ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
    return simdjson::TAPE_ERROR;
  }

  // A scalar's JSON text, without the whitespace that may follow it.
  static std::string_view Token(simdjson::ondemand::value v) {
    std::string_view t = v.raw_json_token();
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r' || t.back() == '\n')) {
      t.remove_suffix(1);
    }
    return t;
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? (RFC 8259, section 6), of any length.
  static bool IsJsonNumber(std::string_view t) {
    size_t i = 0;
    auto digits = [&] {
      size_t from = i;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
      return i > from;
    };
    if (i < t.size() && t[i] == '-') ++i;
    if (i < t.size() && t[i] == '0') {
      ++i;
    } else if (!digits()) {
      return false;
    }
    if (i < t.size() && t[i] == '.' && (++i, !digits())) return false;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
      ++i;
      if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
      if (!digits()) return false;
    }
    return i == t.size();
  }

  // The JSON text of the value at path (empty when it is missing, as for DOM's at_key: the first member of that
  // name, keys compared unescaped). The document has been checked whole, so errors here are not expected.
  static simdjson::error_code FindText(simdjson::ondemand::document& doc, const std::vector<std::string>& path,
                                       std::string_view* text, bool* is_string) {
    namespace od = simdjson::ondemand;
    od::object obj;
    if (auto err = doc.get_object().get(obj)) return err;
    for (size_t k = 0; k < path.size(); ++k) {
      od::value found;
      bool have = false;
      for (auto field : obj) {
        std::string_view key;
        if (auto err = field.unescaped_key().get(key)) return err;
        if (key != path[k]) continue;
        if (auto err = field.value().get(found)) return err;
        have = true;
        break;
      }
      if (!have) return simdjson::SUCCESS;
      od::json_type type;
      if (auto err = found.type().get(type)) return err;
      if (k + 1 < path.size()) {
        if (type != od::json_type::object) return simdjson::SUCCESS;  // nothing to reach into: missing
        if (auto err = found.get_object().get(obj)) return err;
        continue;
      }
      *is_string = type == od::json_type::string;
      if (type == od::json_type::object) {
        od::object o;
        if (auto err = found.get_object().get(o)) return err;
        return o.raw_json().get(*text);
      }
      if (type == od::json_type::array) {
        od::array a;
        if (auto err = found.get_array().get(a)) return err;
        return a.raw_json().get(*text);
      }
      *text = Token(found);
    }
    return simdjson::SUCCESS;
  }

  // One extracted value of a BigNumberLine, from its JSON text. A value that the DOM parser can hold goes the way
  // of every other line; one that holds a big number becomes, in a string field, its text (whitespace removed),
  // and in a numeric field whatever typed text gives: the nearest f64 or f32 if in range, else an error, and for
  // integer types an error unless it fits.
  static bool SetValueFromText(std::string_view text, bool is_string, const Field& f, size_t i, BatchBuilder& builder,
                               std::string* why) {
    thread_local simdjson::dom::parser alone;
    simdjson::dom::element e;
    if (alone.parse(simdjson::padded_string(text)).get(e) == simdjson::SUCCESS) {
      return SetValue(e, f, i, builder, why);
    }
    if (IsVariable(f.type)) {
      thread_local std::string minified;
      minified.resize(text.size());
      size_t n = 0;
      if (is_string || simdjson::minify(text.data(), text.size(), minified.data(), n) != simdjson::SUCCESS) {
        builder.AddVariable(text);
      } else {
        builder.AddVariable(std::string_view(minified.data(), n));
      }
      return true;
    }
    if (IsJsonNumber(text) && f.type != Type::kBool) return SetTypedFromText(text, f.type, i, builder, why);
    std::string shown(text.substr(0, 40));
    *why = shown + (text.size() > 40 ? "..." : "") + " is not a " + std::string(TypeName(f.type));
    return false;
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
          // Beyond the range of f32 (which would become infinity) is an error, as in csv.
          if (std::isinf(static_cast<float>(d))) return Mismatch(v, "within the range of f32", why);
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

  static constexpr int kMaxDepth = 1024;  // as simdjson's default

  Schema schema_;
  std::vector<std::vector<std::string>> paths_;
  bool keep_line_ = false;
};

}  // namespace

std::unique_ptr<TextParser> MakeJsonParser(Schema schema_base, const JsonSettings& settings) {
  return std::make_unique<JsonLineParser>(std::move(schema_base), settings);
}

}  // namespace recpipe::chunk
