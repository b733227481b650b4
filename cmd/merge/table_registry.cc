#include "cmd/merge/table_registry.h"

#include "lib/error.h"

namespace recpipe::merge {

const MergedTable* TableRegistry::Find(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

void TableRegistry::CheckSameFields(const MergedTable& known, const Schema& schema, const std::string& input) {
  if (known.schema.fields != schema.fields) {
    throw DataError(input + ": table '" + schema.name + "' has other fields than in " + known.first_input);
  }
}

const MergedTable& TableRegistry::Add(const Schema& schema, const std::string& input) {
  auto id = static_cast<uint32_t>(tables_.size());
  tables_.push_back(std::make_unique<MergedTable>(MergedTable{id, schema, TableLayout(schema), input}));
  by_name_[schema.name] = tables_.back().get();
  return *tables_.back();
}

}  // namespace recpipe::merge
