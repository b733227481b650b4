#include "cmd/parse_gtfs/notices.h"

#include <simdjson.h>

namespace recpipe::parse_gtfs {

Schema NoticesSchema() {
  Schema s;
  s.name = "notices";
  s.fields = {{"severity", Type::kString, false}, {"code", Type::kString, false},  {"file", Type::kString, false},
              {"line", Type::kU64, false},        {"field", Type::kString, false}, {"value", Type::kString, false},
              {"message", Type::kString, false}};
  return s;
}

void WriteNoticesTable(const std::vector<Notice>& notices, RecordSink& sink, size_t batch_bytes) {
  const SinkTable* table = sink.DeclareTable(NoticesSchema());
  Buffer frames;
  BatchBuilder b(&frames, table->id, table->layout, batch_bytes);
  for (const Notice& n : notices) {
    b.Begin();
    b.AddVariable(n.severity);
    b.AddVariable(n.code);
    b.AddVariable(n.file);
    b.SetFixed<uint64_t>(3, n.line);
    b.AddVariable(n.field);
    // Notices quote what is not printable UTF-8 (as \xHH), so that the table's text stays valid text.
    b.AddVariable(Printable(n.value));
    b.AddVariable(Printable(n.message));
    b.End();
  }
  b.Finish();
  sink.WriteFrames(*table, frames);
}

std::string Printable(std::string_view value) {
  constexpr size_t kMost = 200;
  std::string out;
  bool utf8 = simdjson::validate_utf8(value.data(), value.size());
  for (size_t i = 0; i < value.size() && out.size() < kMost; ++i) {
    unsigned char c = static_cast<unsigned char>(value[i]);
    if ((c >= 0x20 && c < 0x7f) || (c >= 0x80 && utf8)) {
      out += static_cast<char>(c);
    } else {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (out.size() >= kMost) out += "...";
  return out;
}

std::string Excerpt(std::string_view value) {
  constexpr size_t kMost = 200;
  if (value.size() <= kMost) return std::string(value);
  return std::string(value.substr(0, kMost)) + "...";
}

std::string NoticeText(const std::string& where, const Notice& n) {
  std::string text = where;
  if (n.line > 0) text += ":" + std::to_string(n.line);
  text += ": ";
  if (!n.field.empty()) text += "column '" + n.field + "': ";
  text += n.message;
  return text;
}

}  // namespace recpipe::parse_gtfs
