// What a file name tells chunk: the format its extension suggests, and a table name.
#include <string_view>

#include "cmd/chunk/chunk.h"

namespace recpipe::chunk {
namespace {

constexpr std::string_view kCompressionExtensions[] = {".gz", ".xz", ".zst", ".zstd"};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view StripCompression(std::string_view name) {
  for (std::string_view ext : kCompressionExtensions) {
    if (EndsWith(name, ext)) return name.substr(0, name.size() - ext.size());
  }
  return name;
}

}  // namespace

Format FormatFromName(const std::string& path) {
  std::string_view name = StripCompression(path);
  if (EndsWith(name, ".csv")) return Format::kCsv;
  if (EndsWith(name, ".tsv") || EndsWith(name, ".tab")) return Format::kTsv;
  if (EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson") || EndsWith(name, ".json")) return Format::kJsonl;
  return Format::kLines;
}

std::string TableNameFromPath(const std::string& path) {
  if (path == "-") return "stdin";
  std::string_view name = path;
  size_t slash = name.rfind('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  name = StripCompression(name);
  // Drop one format extension (".csv", ".txt", ...): "stop_times.txt" is table "stop_times".
  size_t dot = name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
  return name.empty() ? "data" : std::string(name);
}

}  // namespace recpipe::chunk
