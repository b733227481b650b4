#include "cmd/scan2db/write_tree.h"

#include <exception>
#include <thread>

#include "cmd/scan2db/row_queue.h"

namespace recpipe::scan2db {

OwnerRows WriteTree(DirTree& tree, DbWriter& writer, int threads,
                    const std::function<void(const std::string& path, uint64_t entries)>& on_orphan,
                    std::optional<int64_t> scan_time_us) {
  if (threads <= 1) {
    tree.Finish(
        on_orphan, [&](const DirRow& row) { writer.Enter(row); }, [&](const DirRow& row) { writer.Leave(row); });
    return BuildOwnerRows(tree.owners(), scan_time_us);
  }

  RowQueue queue;
  OwnerRows owner_rows;
  std::exception_ptr walk_error;
  std::thread walk([&] {
    // Push fails only once the inserts have failed: the walk then stops at the next row, by an exception of its own
    // that is not reported (the inserts' error is).
    struct Stopped {};
    try {
      RowBatch batch;
      auto add = [&](const DirRow& row, bool leave) {
        batch.Add(row, leave);
        if (batch.full() && !queue.Push(&batch)) throw Stopped{};
      };
      tree.Finish(
          on_orphan, [&](const DirRow& row) { add(row, false); }, [&](const DirRow& row) { add(row, true); });
      if (!batch.empty() && !queue.Push(&batch)) throw Stopped{};
      queue.Close();  // the inserts end while the owner rows are built
      owner_rows = BuildOwnerRows(tree.owners(), scan_time_us);
    } catch (const Stopped&) {
    } catch (...) {
      walk_error = std::current_exception();
    }
    queue.Close();
  });

  std::exception_ptr insert_error;
  try {
    RowBatch batch;
    while (queue.Pop(&batch)) {
      for (size_t i = 0; i < batch.size(); ++i) {
        if (batch.leave(i)) {
          writer.Leave(batch.row(i));
        } else {
          writer.Enter(batch.row(i));
        }
      }
    }
  } catch (...) {
    insert_error = std::current_exception();
    queue.Abort();
  }
  walk.join();
  if (walk_error) std::rethrow_exception(walk_error);
  if (insert_error) std::rethrow_exception(insert_error);
  return owner_rows;
}

}  // namespace recpipe::scan2db
