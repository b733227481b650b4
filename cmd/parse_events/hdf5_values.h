// Numbers as an HDF5 file stores them, converted exactly into what parse-events writes.
//
// HDF5's own conversion on read clamps (70000 read as u16 is 65535, -3 is 0), truncates (0.5 read as i64 is 0) and
// turns NaN into a number, all without a word. So hdf5_source.cc reads every column in the file's own type (made
// native) and converts it here, where a value that does not fit is reported with its element index instead.
// Pure functions on memory, safe on any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace recpipe::parse_events {

enum class NumberKind { kSigned, kUnsigned, kFloat };

// One number in native byte order: integers of 1, 2, 4 or 8 bytes, floats of 4 or 8.
struct NumberType {
  NumberKind kind = NumberKind::kSigned;
  size_t size = 8;
};

// n numbers of one type, element i at base + i * stride (a plain array, or one member of an array of structs).
struct NumberColumn {
  const char* base = nullptr;
  size_t stride = 0;
  NumberType type;
};

// The number at `element`, for messages: integers exactly, floats as the shortest text that reads back the same.
std::string NumberText(const char* element, NumberType type);

// Each converts the first n numbers of `in` into out[0..n) and returns how many it converted: n, or the index of the
// first number that does not convert, with the reason in *why (the number and what it does not fit).
size_t ToU16(NumberColumn in, size_t n, uint16_t* out, std::string* why);      // x, y: whole numbers 0..65535
size_t ToU8(NumberColumn in, size_t n, uint8_t* out, std::string* why);        // trigger ids: whole numbers 0..255
size_t ToPolarity(NumberColumn in, size_t n, uint8_t* out, std::string* why);  // 1 above 0, else 0; NaN fails
size_t ToMicros(NumberColumn in, size_t n, int64_t* out, std::string* why);    // times in us: whole numbers of i64
// Times in seconds: integers times 10^6, floats rounded to the nearest microsecond (halves away from zero) from
// their exact binary value, never through a rounded product; within i64.
size_t SecondsToMicros(NumberColumn in, size_t n, int64_t* out, std::string* why);

// v * 10^6 rounded to the nearest whole number, halves away from zero, computed exactly; false when v is not
// finite or the result is outside i64.
bool SecondsToMicros(double v, int64_t* us);

}  // namespace recpipe::parse_events
