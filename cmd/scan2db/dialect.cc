#include "cmd/scan2db/dialect.h"

#include <string>

#include "cmd/scan2db/scan_time.h"

namespace recpipe::scan2db {

EntryKind KindFromMode(std::string_view mode) {
  switch (mode.empty() ? '?' : mode.front()) {
    case 'd': return EntryKind::kDirectory;
    case 'l': return EntryKind::kSymlink;
    case '-': return EntryKind::kFile;
    default: return EntryKind::kOther;
  }
}

const char* DialectName(Dialect dialect) {
  switch (dialect) {
    case Dialect::kKeyValue: return "keyvalue";
    case Dialect::kEscaped: return "escaped";
    case Dialect::kDefault: return "default";
  }
  return "?";
}

std::optional<Dialect> DialectFromName(std::string_view name) {
  if (name == "keyvalue") return Dialect::kKeyValue;
  if (name == "escaped") return Dialect::kEscaped;
  if (name == "default") return Dialect::kDefault;
  return std::nullopt;
}

LineStatus ParseLine(Dialect dialect, std::string_view line, ScanEntry* entry, std::string* scratch,
                     const char** error) {
  switch (dialect) {
    case Dialect::kKeyValue: return ParseKeyValueLine(line, entry, error);
    case Dialect::kEscaped: return ParseEscapedLine(line, entry, scratch, error);
    case Dialect::kDefault: return ParseDefaultLine(line, entry, error);
  }
  return LineStatus::kError;
}

std::optional<Dialect> DetectDialect(std::string_view head) {
  bool hash_headers = false, log_lines = false;
  while (!head.empty()) {
    size_t lf = head.find('\n');
    if (lf == std::string_view::npos) break;  // a cut line says nothing
    std::string_view line = head.substr(0, lf);
    head.remove_prefix(lf + 1);
    if (line.empty()) continue;
    if (line.front() == '#') {
      hash_headers = true;
      continue;
    }
    if (line.front() == '[') {
      log_lines = true;
      continue;
    }
    ScanEntry entry;
    std::string scratch;
    const char* error = nullptr;
    for (Dialect d : {Dialect::kKeyValue, Dialect::kEscaped, Dialect::kDefault}) {
      if (ParseLine(d, line, &entry, &scratch, &error) == LineStatus::kEntry) return d;
    }
    return std::nullopt;
  }
  if (hash_headers && !log_lines) return Dialect::kEscaped;
  if (log_lines && !hash_headers) return Dialect::kKeyValue;
  return std::nullopt;
}

std::optional<int64_t> GeneratedTime(std::string_view head) {
  constexpr std::string_view kTag = "\n# generated: ";
  std::string text = "\n" + std::string(head.substr(0, 1 << 16));
  size_t at = text.find(kTag);
  if (at == std::string::npos) return std::nullopt;
  std::string value = text.substr(at + kTag.size(), 20);  // YYYY-MM-DDTHH:MM:SSZ
  if (value.size() != 20 || value[10] != 'T' || value[19] != 'Z') return std::nullopt;
  value[10] = ' ';
  value.pop_back();
  int64_t micros = 0;
  if (!ParseScanTime(value, &micros)) return std::nullopt;
  return micros;
}

}  // namespace recpipe::scan2db
