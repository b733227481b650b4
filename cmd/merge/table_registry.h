// The tables of merge's output: a table is known by its name, so tables of the same name in several inputs are
// joined into one, provided they have the same fields (the schema, metadata included, is that of the first input
// the table appears in). Output tables are numbered 0, 1, ... in the order they first appear. Used by the reading
// stage; a MergedTable, once made, never changes or moves, so other stages may read it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lib/schema.h"

namespace recpipe::merge {

struct MergedTable {
  uint32_t id;  // in the output
  Schema schema;
  TableLayout layout;
  std::string first_input;  // for messages
};

class TableRegistry {
 public:
  // The output table for a schema read from `input`, made when its name is new; on_new(const MergedTable&) is
  // called for each new one. Throws DataError naming both inputs when the name is known with other fields.
  template <typename OnNew>
  const MergedTable& Join(const Schema& schema, const std::string& input, OnNew&& on_new) {
    if (const MergedTable* known = Find(schema.name)) {
      CheckSameFields(*known, schema, input);
      return *known;
    }
    const MergedTable& t = Add(schema, input);
    on_new(t);
    return t;
  }
  const MergedTable* Find(const std::string& name) const;

 private:
  static void CheckSameFields(const MergedTable& known, const Schema& schema, const std::string& input);
  const MergedTable& Add(const Schema& schema, const std::string& input);

  std::vector<std::unique_ptr<MergedTable>> tables_;
  std::map<std::string, const MergedTable*> by_name_;
};

}  // namespace recpipe::merge
