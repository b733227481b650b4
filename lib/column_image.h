// The column image of a block: a table's records laid out field by field before compression, which is where a
// container beats general compressors on typed data. Integer columns are delta-coded where that makes them
// smaller (timestamps, sorted positions), and every fixed-width column is stored byte-plane by byte-plane (all
// first bytes, then all second bytes, ...), so that the slowly changing high bytes form long runs.
//
// Image layout for `count` records (the layout of recpipe-pack(5)):
//   u8 mode per fixed-width field, in schema order (0: plain, 1: zigzag delta from the previous record)
//   the null bitmaps: bitmap_bytes planes of count bytes
//   per fixed-width field: width planes of count bytes
//   per variable-width field: its lengths as 4 planes of count bytes
//   per variable-width field: its values' bytes back to back
// Decoding restores the records byte for byte, including the length prefixes. Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lib/buffer.h"
#include "lib/schema.h"

namespace recpipe {

// Minimum and maximum of one integer field over a block's non-null values, as the field's type: signed fields
// hold int64 bit patterns, unsigned ones uint64.
struct FieldStat {
  uint16_t field = 0;
  bool present = false;  // false when every value in the block was null
  uint64_t min = 0, max = 0;
};

// True for the fields whose blocks carry a FieldStat: the integer fields (not bool).
bool HasStats(Type type);
// The fields of the schema that carry stats: the integer fields, or those of them named in `wanted` when it is
// not empty.
std::vector<uint16_t> StatFields(const Schema& schema, const std::vector<std::string>& wanted = {});
// Compares two FieldStat values of a field of this type.
bool StatLess(Type type, uint64_t a, uint64_t b);

// Appends the column image of `count` records (back to back, as in a batch payload, already validated) to out,
// and fills stats for the fields listed in stat_fields.
void EncodeColumns(const Schema& schema, const TableLayout& layout, std::string_view records, uint32_t count,
                   const std::vector<uint16_t>& stat_fields, Buffer* out, std::vector<FieldStat>* stats);

// Appends the `count` records an image holds to out. Returns false, with *why set, when the image does not fit
// the layout and count (damage that the checksum did not catch, or a writer bug).
bool DecodeColumns(const Schema& schema, const TableLayout& layout, std::string_view image, uint32_t count,
                   Buffer* out, std::string* why);

}  // namespace recpipe
