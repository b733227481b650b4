// The end of a database run, up to the owner tables: the tree walk (DirTree::Finish) hands its rows to the
// DbWriter, then the owner rows are built. With threads > 1 the walk and the owner rows run on a helper thread
// while the calling thread does the SQLite inserts (row_queue.h), so that the two serial parts of the end of a run
// overlap; with one thread, everything runs on the calling thread. The rows and their order, and so the database,
// are the same either way.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "cmd/scan2db/db_writer.h"
#include "cmd/scan2db/dir_tree.h"
#include "cmd/scan2db/owner_rows.h"

namespace recpipe::scan2db {

// on_orphan as for DirTree::Finish; it runs on the walk's thread and may throw (the inserts then stop). Rethrows
// the first error of either side, after both have stopped.
OwnerRows WriteTree(DirTree& tree, DbWriter& writer, int threads,
                    const std::function<void(const std::string& path, uint64_t entries)>& on_orphan,
                    std::optional<int64_t> scan_time_us);

}  // namespace recpipe::scan2db
