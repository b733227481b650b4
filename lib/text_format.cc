#include "lib/text_format.h"

#include <charconv>
#include <cmath>
#include <vector>

#include "lib/error.h"
#include "lib/logical_text.h"

namespace recpipe {

std::optional<OutputForm> ParseOutputForm(std::string_view name) {
  if (name == "rec") return OutputForm::kRec;
  if (name == "tsv") return OutputForm::kTsv;
  if (name == "csv") return OutputForm::kCsv;
  if (name == "jsonl") return OutputForm::kJsonl;
  if (name == "rpk") return OutputForm::kPack;
  if (name == "sqlite") return OutputForm::kSqlite;
  return std::nullopt;
}

std::string_view OutputFormName(OutputForm form) {
  switch (form) {
    case OutputForm::kTsv: return "tsv";
    case OutputForm::kCsv: return "csv";
    case OutputForm::kJsonl: return "jsonl";
    case OutputForm::kPack: return "rpk";
    case OutputForm::kSqlite: return "sqlite";
    default: return "rec";
  }
}

void AppendTsvEscaped(std::string_view s, Buffer* out) {
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    const char* esc = c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\\' ? "\\\\" : nullptr;
    if (!esc) continue;
    out->Append(s.data() + start, i - start);
    out->Append(esc, 2);
    start = i + 1;
  }
  out->Append(s.data() + start, s.size() - start);
}

void AppendCsvField(std::string_view s, char delimiter, Buffer* out) {
  bool quote = s.empty() || s.find_first_of(std::string_view("\"\r\n", 3)) != std::string_view::npos ||
               s.find(delimiter) != std::string_view::npos;
  if (!quote) {
    out->Append(s);
    return;
  }
  out->Append("\"", 1);
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '"') continue;
    out->Append(s.data() + start, i + 1 - start);
    out->Append("\"", 1);
    start = i + 1;
  }
  out->Append(s.data() + start, s.size() - start);
  out->Append("\"", 1);
}

void AppendJsonString(std::string_view s, Buffer* out) {
  static const char kHex[] = "0123456789abcdef";
  out->Append("\"", 1);
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->Append(s.data() + start, i - start);
    start = i + 1;
    switch (c) {
      case '"': out->Append("\\\"", 2); break;
      case '\\': out->Append("\\\\", 2); break;
      case '\n': out->Append("\\n", 2); break;
      case '\t': out->Append("\\t", 2); break;
      case '\r': out->Append("\\r", 2); break;
      case '\b': out->Append("\\b", 2); break;
      case '\f': out->Append("\\f", 2); break;
      default: {
        char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out->Append(u, 6);
      }
    }
  }
  out->Append(s.data() + start, s.size() - start);
  out->Append("\"", 1);
}

void AppendBase64(std::string_view s, Buffer* out) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  char* o = out->Extend((n + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8) | p[i + 2];
    *o++ = kAlphabet[v >> 18];
    *o++ = kAlphabet[(v >> 12) & 63];
    *o++ = kAlphabet[(v >> 6) & 63];
    *o++ = kAlphabet[v & 63];
  }
  if (i < n) {
    uint32_t v = uint32_t{p[i]} << 16;
    if (i + 1 < n) v |= uint32_t{p[i + 1]} << 8;
    *o++ = kAlphabet[v >> 18];
    *o++ = kAlphabet[(v >> 12) & 63];
    *o++ = i + 1 < n ? kAlphabet[(v >> 6) & 63] : '=';
    *o++ = '=';
  }
}

void AppendNumber(const RecordView& record, size_t field, Type type, Buffer* out) {
  char buf[32];
  std::to_chars_result r{};
  if (IsFloat(type)) {
    double d = record.GetFloat(field);
    if (std::isnan(d)) {
      out->Append("nan");
      return;
    }
    if (std::isinf(d)) {
      out->Append(d > 0 ? "inf" : "-inf");
      return;
    }
    r = type == Type::kF32 ? std::to_chars(buf, buf + sizeof buf, record.Get<float>(field))
                           : std::to_chars(buf, buf + sizeof buf, d);
  } else if (type == Type::kU64) {
    r = std::to_chars(buf, buf + sizeof buf, record.GetUInt(field));
  } else if (type == Type::kBool) {
    out->Append(record.GetInt(field) ? "true" : "false");
    return;
  } else {
    r = std::to_chars(buf, buf + sizeof buf, record.GetInt(field));
  }
  out->Append(buf, static_cast<size_t>(r.ptr - buf));
}

void AppendLogical(const Schema& schema, const RecordView& record, size_t field, Buffer* out) {
  const Field& f = schema.fields[field];
  const int64_t v = record.GetInt(field);
  bool ok = true;
  switch (f.logical.kind) {
    case Logical::kTime: AppendTimeOfDay(v, out); break;
    case Logical::kDate: ok = AppendDate(v, out); break;
    case Logical::kTimestamp: ok = AppendTimestamp(v, f.logical.unit, out); break;
    default: AppendNumber(record, field, f.type, out);
  }
  if (!ok) {
    throw DataError("table '" + schema.name + "', field '" + f.name + "': " + LogicalTypeName(f.logical) + " " +
                    std::to_string(v) + " is outside the years 0000 to 9999 that its text form can show");
  }
}

void RenderHeader(OutputForm form, const Schema& schema, Buffer* out) {
  if (form != OutputForm::kTsv && form != OutputForm::kCsv) return;
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    if (i) out->Append(form == OutputForm::kTsv ? "\t" : ",", 1);
    if (form == OutputForm::kTsv) {
      AppendTsvEscaped(schema.fields[i].name, out);
    } else {
      AppendCsvField(schema.fields[i].name, ',', out);
    }
  }
  out->Append("\n", 1);
}

void RenderRecord(OutputForm form, const Schema& schema, const TableLayout& layout, const RecordView& record,
                  Buffer* out) {
  std::string_view vars_small[16];
  std::vector<std::string_view> vars_large;
  std::string_view* vars = vars_small;
  if (layout.variable_count() > 16) {
    vars_large.resize(layout.variable_count());
    vars = vars_large.data();
  }
  record.Variables(vars);
  if (form == OutputForm::kJsonl) out->Append("{", 1);
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    const TableLayout::Slot& slot = layout.slot(i);
    bool null = record.IsNull(i);
    if (form == OutputForm::kJsonl) {
      if (i) out->Append(",", 1);
      AppendJsonString(schema.fields[i].name, out);
      out->Append(":", 1);
      if (null) {
        out->Append("null");
      } else if (slot.type == Type::kString) {
        AppendJsonString(vars[slot.variable_index], out);
      } else if (slot.type == Type::kBytes) {
        out->Append("\"", 1);
        AppendBase64(vars[slot.variable_index], out);
        out->Append("\"", 1);
      } else if (IsFloat(slot.type) && !std::isfinite(record.GetFloat(i))) {
        out->Append("null");
      } else if (schema.fields[i].logical.kind != Logical::kNone) {
        out->Append("\"", 1);
        AppendLogical(schema, record, i, out);
        out->Append("\"", 1);
      } else {
        AppendNumber(record, i, slot.type, out);
      }
      continue;
    }
    if (i) out->Append(form == OutputForm::kTsv ? "\t" : ",", 1);
    if (null) {
      if (form == OutputForm::kTsv) out->Append("\\N", 2);
    } else if (slot.type == Type::kString) {
      if (form == OutputForm::kTsv) {
        AppendTsvEscaped(vars[slot.variable_index], out);
      } else {
        AppendCsvField(vars[slot.variable_index], ',', out);
      }
    } else if (slot.type == Type::kBytes) {
      // CSV keeps empty apart from null as it does for strings: "" is empty, nothing is null.
      if (vars[slot.variable_index].empty() && form == OutputForm::kCsv) out->Append("\"\"", 2);
      AppendBase64(vars[slot.variable_index], out);
    } else if (schema.fields[i].logical.kind != Logical::kNone) {
      AppendLogical(schema, record, i, out);
    } else {
      AppendNumber(record, i, slot.type, out);
    }
  }
  out->Append(form == OutputForm::kJsonl ? "}\n" : "\n");
}

}  // namespace recpipe
