// pack --test: reads every frame in order, checks its checksum, decompresses and decodes every block, checks the
// end marker's counts and, on a regular file, that the trailer and index agree with the frames. Like gzip -t:
// silent on success (-v says what was checked), the first damage is an error naming the block and byte offset.
#include <iostream>

#include "cmd/pack/pack.h"
#include "lib/container_reader.h"
#include "lib/error.h"
#include "lib/input_file.h"
#include "lib/ordered_pipeline.h"

namespace recpipe::pack {
namespace {

struct Item {
  Frame block;
  uint64_t number = 0;
  Buffer batch;
};

}  // namespace

void Test(const PackOptions& options) {
  const std::vector<std::string> inputs = options.common.inputs.empty() ? std::vector<std::string>{"-"}
                                                                          : options.common.inputs;
  for (const std::string& input : inputs) {
    std::unique_ptr<InputFile> in = InputFile::Open(input, 1);
    ContainerReader reader(*in, false);
    uint64_t blocks = 0, records = 0;
    RunOrdered<Item>(
        options.common.threads,
        [&](Item& item) {
          while (reader.Next(&item.block, &item.number)) {
            if (item.block.type == kBlockFrame) return true;
          }
          return false;
        },
        [&](Item& item) {
          item.batch.clear();
          reader.DecodeBlock(item.block, item.number, &item.batch);
        },
        [&](Item& item) {
          ++blocks;
          records += item.block.count;
        });
    if (in->seekable()) {
      // The frames are sound; the index must list them as they are.
      std::unique_ptr<InputFile> again = InputFile::Open(input, 1);
      ContainerReader indexed(*again, true);
      uint64_t listed = 0;
      for (const IndexEntry& e : indexed.entries()) listed += e.type == kBlockFrame;
      if (listed != blocks) {
        throw DataError(in->name() + ": the index lists " + std::to_string(listed) + " blocks, the file holds " +
                        std::to_string(blocks));
      }
    }
    if (options.verbose) {
      std::cerr << PrintableMessage(in->name()) << ": OK, " << blocks << " blocks, " << records << " records\n";
    }
  }
}

}  // namespace recpipe::pack
