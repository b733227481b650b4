// The time field of a text event line. An integer ("1500000", "-3") is microseconds. A number with a decimal point
// or an exponent ("1.5", ".5", "15e-1", "1e3") is seconds: it is converted to microseconds from its decimal digits,
// never through binary floating point, so "0.000001" is exactly 1 and "1.5" exactly 1500000; digits finer than a
// microsecond round to the nearest microsecond, halves away from zero ("0.0000015" is 2, "-0.0000015" is -2).
// Only a leading '-' is taken as a sign; "inf", "nan", hexadecimal and a '+' sign are not numbers here.
#pragma once

#include <cstdint>
#include <string_view>

namespace recpipe::parse_events {

enum class TextTime { kOk, kNotANumber, kOutOfRange };  // out of range: beyond i64 microseconds

// Parses `text` (without surrounding blanks) into *us; *us is left alone on an error.
TextTime ParseTextTime(std::string_view text, int64_t* us);

}  // namespace recpipe::parse_events
