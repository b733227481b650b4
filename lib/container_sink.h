// A pack container as the output of any command (--to rpk, or -o NAME.rpk): batch frames of each table are cut
// into blocks of about kDefaultBlockBytes, laid out by column, compressed with zstd at its default level and
// appended through a ContainerWriter. Compression runs on the caller's thread (the writing stage), so a command
// writing a container this way is slower than one piping its stream into pack(1), which compresses on all threads.
// Owned by one thread.
#pragma once

#include <cstdint>
#include <map>
#include <string_view>

#include "lib/buffer.h"
#include "lib/container_writer.h"
#include "lib/schema.h"

namespace recpipe {

inline constexpr uint64_t kDefaultBlockBytes = 1u << 20;

class ContainerSink {
 public:
  explicit ContainerSink(OutputFile& out, Codec codec = Codec::kZstd, int level = 3,
                         uint64_t block_bytes = kDefaultBlockBytes);

  // Writes the table's schema; its records follow with Add.
  void DeclareTable(uint32_t id, const Schema& schema, const TableLayout& layout);
  // Takes a run of validated batch frames of a declared table.
  void Add(uint32_t id, std::string_view frames);
  // Writes what is left of every table, then the end marker, index and trailer.
  void Finish();

 private:
  struct Table {
    const Schema* schema;
    const TableLayout* layout;
    std::vector<uint16_t> stat_fields;
    Buffer records;  // not yet in a block
    uint32_t count = 0;
    uint64_t first = 0;
  };
  void Flush(uint32_t id, Table& t);

  ContainerWriter writer_;
  Codec codec_;
  int level_;
  uint64_t block_bytes_;
  std::map<uint32_t, Table> tables_;
  Buffer image_, frame_;
  std::vector<FieldStat> stats_;
};

}  // namespace recpipe
