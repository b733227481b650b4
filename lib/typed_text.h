// Text to typed values, for columns that --types (or a format's schema) declares: integers in range for their
// width, floats (including nan and inf), bools (true/false, 1/0, t/f, yes/no), and the text forms of the logical
// types (lib/logical_text.h). Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/batch_builder.h"
#include "lib/schema.h"

namespace recpipe {

// Parses text as `type` and stores it in field `field` of the record being built. Returns false and sets *why
// ("'12x' is not an i32") when the text does not hold a value of that type. Not for string or bytes fields.
bool SetTypedFromText(std::string_view text, Type type, size_t field, BatchBuilder& builder, std::string* why);

// The same for a field that may have a logical type: "25:10:00" into a time field, and so on.
bool SetFieldFromText(std::string_view text, const Field& f, size_t field, BatchBuilder& builder, std::string* why);

// A type as --types names it: a physical type, or a logical type and the physical type that carries it.
struct DeclaredType {
  Type type = Type::kString;
  LogicalType logical = {};
  bool operator==(const DeclaredType&) const = default;
};

// Parses "name:type,name:type", where a type is one of TypeName's, or time, date, or timestamp:UNIT (s, ms, us,
// ns). Throws UsageError naming `option` on a malformed list or an unknown type.
std::vector<std::pair<std::string, DeclaredType>> ParseTypeList(const std::string& list, const char* option);

}  // namespace recpipe
