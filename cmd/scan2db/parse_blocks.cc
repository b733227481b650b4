#include "cmd/scan2db/parse_blocks.h"

#include <cstring>

#include "lib/error.h"
#include "lib/ordered_pipeline.h"
#include "lib/progress.h"
#include "lib/run_command.h"
#include "lib/text_blocks.h"

namespace recpipe::scan2db {
namespace {

constexpr size_t kBlockSize = 1 << 20;
constexpr uint64_t kWarningsShown = 10;

struct Item {
  TextBlock block;
  ParsedBlock parsed;
};

// Copies the views of an entry that point into scratch into the arena (as offsets, fixed up later).
struct ArenaRef {
  size_t path, path_len, mode, mode_len, fileset, fileset_len, pool, pool_len;
};

void ParseBlock(Dialect dialect, std::string_view text, ParsedBlock* out) {
  out->entries.clear();
  out->arena.clear();
  out->errors.clear();
  out->lines = 0;
  out->bytes = text.size();
  std::string scratch;
  std::vector<ArenaRef> refs;
  const bool decoded = dialect == Dialect::kEscaped;
  while (!text.empty()) {
    const char* lf = static_cast<const char*>(std::memchr(text.data(), '\n', text.size()));
    size_t length = lf ? static_cast<size_t>(lf - text.data()) : text.size();
    std::string_view line = text.substr(0, length);
    text.remove_prefix(lf ? length + 1 : length);
    const uint64_t index = out->lines++;
    const char* error = nullptr;
    // Parsed where it will stay (an entry is some 150 bytes: a copy per line showed in profiles).
    ParsedEntry& p = out->entries.emplace_back();
    const LineStatus status = ParseLine(dialect, line, &p.entry, &scratch, &error);
    if (status != LineStatus::kEntry) {
      out->entries.pop_back();
      if (status == LineStatus::kError) out->errors.push_back({index, error});
      continue;
    }
    p.line = index;
    if (decoded) {
      auto keep = [&](std::string_view v, size_t* at, size_t* len) {
        *at = out->arena.size();
        *len = v.size();
        out->arena.append(v);
      };
      ArenaRef& r = refs.emplace_back();
      keep(p.entry.path, &r.path, &r.path_len);
      keep(p.entry.mode, &r.mode, &r.mode_len);
      keep(p.entry.fileset, &r.fileset, &r.fileset_len);
      keep(p.entry.pool, &r.pool, &r.pool_len);
    }
  }
  if (decoded) {
    std::string_view arena(out->arena);
    for (size_t i = 0; i < refs.size(); ++i) {
      ScanEntry& e = out->entries[i].entry;
      e.path = arena.substr(refs[i].path, refs[i].path_len);
      e.mode = arena.substr(refs[i].mode, refs[i].mode_len);
      e.fileset = arena.substr(refs[i].fileset, refs[i].fileset_len);
      e.pool = arena.substr(refs[i].pool, refs[i].pool_len);
    }
  }
}

}  // namespace

void CountError(const ScanOptions& options, const std::string& message, uint64_t* errors) {
  if (++*errors > options.common.max_errors) throw DataError(message);
  if (*errors <= kWarningsShown && !options.common.quiet) Warn("scan2db", message + " (skipped)");
}

uint64_t ParseBlocks(const ScanOptions& options, Dialect dialect, InputFile& in,
                     const std::function<void(ParsedBlock&)>& digest,
                     const std::function<void(const ParsedBlock&)>& consume, uint64_t* errors) {
  TextBlockReader reader(in, kBlockSize, 0);
  Progress progress("scan2db", in.raw_size(), options.common.progress, options.common.quiet);
  uint64_t lines_before = 0;
  RunOrdered<Item>(
      options.common.threads, [&](Item& item) { return reader.Next(&item.block); },
      [&](Item& item) {
        ParseBlock(dialect, item.block.text, &item.parsed);
        if (digest) digest(item.parsed);
      },
      [&](Item& item) {
        for (const ParsedBlock::Error& e : item.parsed.errors) {
          CountError(options, in.name() + ":" + std::to_string(lines_before + e.line + 1) + ": " + e.message, errors);
        }
        for (ParsedEntry& p : item.parsed.entries) p.line += lines_before + 1;
        consume(item.parsed);
        lines_before += item.parsed.lines;
        reader.Done(item.block);
        progress.Update(item.block.raw_end);
      });
  progress.Finish();
  return lines_before;
}

}  // namespace recpipe::scan2db
