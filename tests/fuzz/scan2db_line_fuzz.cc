// libFuzzer target for scan2db's line parsers: any bytes, cut into lines, must parse or be refused under each
// dialect without crashing or reading out of bounds; an accepted path is absolute and normal; a key=value entry
// written back out in its canonical form parses to the same entry; the accepted entries then go through the
// directory aggregate and its walk. Under gcc the saved corpus is replayed by replay_main.cc as an ordinary test.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/scan2db/dir_tree.h"
#include "cmd/scan2db/line_fields.h"
#include "cmd/scan2db/line_parser.h"
#include "cmd/scan2db/scan_time.h"

namespace {

using namespace recpipe::scan2db;

void Check(bool ok) {
  if (!ok) std::abort();
}

// The key=value line of an entry, in the form mmapplypolicy writes.
std::string KeyValueLine(const ScanEntry& e) {
  auto t = [](int64_t us) { return FormatScanTime(us).substr(0, 19); };
  return "<0> " + std::to_string(e.inode) + " " + std::to_string(e.gen) + " 0  s=" + std::to_string(e.size) +
         " a=" + std::to_string(e.allocated / 1024) + " u=" + std::to_string(e.uid) + " g=" + std::to_string(e.gid) +
         " m=FAu p=" + std::string(e.mode) + " ac=" + t(e.atime_us) + " mt=" + t(e.mtime_us) + " cr=" + t(e.ctime_us) +
         " nl=" + std::to_string(e.nlink) + " -- " + std::string(e.path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (Dialect dialect : {Dialect::kKeyValue, Dialect::kEscaped, Dialect::kDefault}) {
    DirTree tree(dialect == Dialect::kDefault);
    std::vector<std::string> paths;  // entries' views die with the scratch buffer: keep their paths
    std::string_view rest = input;
    while (!rest.empty()) {
      size_t lf = rest.find('\n');
      std::string_view line = rest.substr(0, lf);
      rest.remove_prefix(lf == std::string_view::npos ? rest.size() : lf + 1);
      ScanEntry e;
      std::string scratch;
      const char* error = nullptr;
      LineStatus status = ParseLine(dialect, line, &e, &scratch, &error);
      if (status == LineStatus::kError) Check(error != nullptr);
      if (status != LineStatus::kEntry) continue;
      Check(IsNormalPath(e.path));
      if (dialect == Dialect::kKeyValue && e.atime_us % 1000000 == 0 && e.mtime_us % 1000000 == 0 &&
          e.ctime_us % 1000000 == 0 && e.mode.find(' ') == std::string_view::npos) {
        ScanEntry again;
        std::string canonical = KeyValueLine(e);
        Check(ParseKeyValueLine(canonical, &again, &error) == LineStatus::kEntry);
        Check(again.path == e.path && again.size == e.size && again.allocated == e.allocated && again.uid == e.uid &&
              again.gid == e.gid && again.atime_us == e.atime_us && again.nlink == e.nlink && again.inode == e.inode &&
              again.gen == e.gen && again.kind == e.kind);
      }
      paths.emplace_back(e.path);
      e.path = paths.back();
      e.mode = e.fileset = e.pool = {};
      if (paths.size() < 2000) tree.Add(e, PathHash(e.path), PathHash(ParentPath(e.path)));
    }
    uint64_t rows = 0;
    tree.Finish([](const std::string&, uint64_t) {}, [&](const DirRow&) { ++rows; },
                [&](const DirRow& r) { Check(r.r.files >= r.nr.files && r.r.dirs >= r.nr.dirs); });
    Check(rows == tree.totals().directories);
  }
  return 0;
}
