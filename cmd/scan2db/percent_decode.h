// Percent-decoding of the ESCAPE '%/' dialect: "%XX" (two hex digits, either case) is the byte 0xXX, every other
// byte stands for itself. A '%' not followed by two hex digits is an error rather than a guess.
#pragma once
#include <string>
#include <string_view>

namespace recpipe::scan2db {

// Appends the decoded bytes of text to *out. False (with *out holding a partial result) on a bad escape.
bool PercentDecode(std::string_view text, std::string* out);

}  // namespace recpipe::scan2db
