// Ordering records by key fields, as merge -k needs it: by what the values mean, not by their bytes.
//   integers (signed and unsigned, any width): numerically
//   floats: numerically; -0 equals 0; NaN (any sign or payload) sorts after +inf, and all NaNs are equal
//   strings and bytes: bytewise, unsigned, a prefix before the longer value (as LC_ALL=C sort)
//   booleans: false before true
//   null: before every value of its field; nulls are equal
// Several fields compare lexicographically, in the order given. Immutable after construction: thread-safe.
#pragma once

#include <cstddef>
#include <vector>

#include "lib/record_view.h"
#include "lib/schema.h"

namespace recpipe {

// -1, 0 or 1 as field `field` of a sorts before, with, or after that of b. Both records must be of tables laid
// out as `slot` says (the same fields).
int CompareField(const RecordView& a, const RecordView& b, size_t field, const TableLayout::Slot& slot);

class KeyCompare {
 public:
  // fields: indexes into the schema behind layout, most significant first.
  KeyCompare(const TableLayout& layout, std::vector<size_t> fields);

  // -1, 0 or 1 as a's key sorts before, equal to, or after b's.
  int operator()(const RecordView& a, const RecordView& b) const {
    for (size_t i = 0; i < fields_.size(); ++i) {
      if (int c = CompareField(a, b, fields_[i], slots_[i])) return c;
    }
    return 0;
  }
  const std::vector<size_t>& fields() const { return fields_; }

 private:
  std::vector<size_t> fields_;
  std::vector<TableLayout::Slot> slots_;
};

}  // namespace recpipe
