// Text to typed values, for columns that --types (or a format's schema) declares: integers in range for their
// width, floats (including nan and inf), and bools (true/false, 1/0, t/f, yes/no). Thread-safe.
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

// Parses "name:type,name:type". Throws UsageError naming `option` on a malformed list or an unknown type.
std::vector<std::pair<std::string, Type>> ParseTypeList(const std::string& list, const char* option);

}  // namespace recpipe
