// The record is laid out straight into the output batch (BatchBuilder's Reserve/Commit): room for the longest
// the read can need, fields written in place, the variable fields' lengths patched in after them. So SEQ, QUAL and
// CIGAR are formatted once, where they stay.
#include "cmd/bam2cols/read_encoder.h"

#include <cerrno>
#include <cstring>
#include <limits>

#include "lib/endian.h"
#include "lib/error.h"

namespace recpipe::bam2cols {
namespace {

template <typename T>
bool Fits(int64_t v) {
  if constexpr (std::is_signed_v<T>) {
    return v >= std::numeric_limits<T>::min() && v <= std::numeric_limits<T>::max();
  } else {
    return v >= 0 && static_cast<uint64_t>(v) <= std::numeric_limits<T>::max();
  }
}

bool FitsType(Type t, int64_t v) {
  switch (t) {
    case Type::kI8: return Fits<int8_t>(v);
    case Type::kI16: return Fits<int16_t>(v);
    case Type::kI32: return Fits<int32_t>(v);
    case Type::kI64: return true;
    case Type::kU8: return Fits<uint8_t>(v);
    case Type::kU16: return Fits<uint16_t>(v);
    case Type::kU32: return Fits<uint32_t>(v);
    case Type::kU64: return v >= 0;
    default: return false;
  }
}

// Stores an integer that fits (checked before) in a field of type t.
void StoreInteger(char* p, Type t, int64_t v) {
  switch (t) {
    case Type::kI8:
    case Type::kU8: *p = static_cast<char>(v); break;
    case Type::kI16:
    case Type::kU16: Store<uint16_t>(p, static_cast<uint16_t>(v)); break;
    case Type::kI32:
    case Type::kU32: Store<uint32_t>(p, static_cast<uint32_t>(v)); break;
    default: Store<uint64_t>(p, static_cast<uint64_t>(v)); break;
  }
}

bool IsIntegerTag(char type) {
  return type == 'c' || type == 'C' || type == 's' || type == 'S' || type == 'i' || type == 'I';
}

}  // namespace

ReadEncoder::ReadEncoder(const ColumnSet& set, const TableLayout& layout, const sam_hdr_t* header,
                         const std::string& file)
    : set_(set), layout_(layout), header_(header), file_(file), tags_(set.columns.size()) {
  for (int t = 0; t < sam_hdr_nref(header); ++t) names_.emplace_back(sam_hdr_tid2name(header, t));
  for (size_t i = 0; i < set.columns.size(); ++i) {
    if (IsVariable(set.columns[i].type)) last_variable_ = static_cast<int>(i);
  }
}

ReadEncoder::~ReadEncoder() {
  for (TagValue& v : tags_) ks_free(&v.text);
}

void ReadEncoder::Fail(const bam1_t* b, uint64_t number, const std::string& what) const {
  throw DataError(file_ + ": read " + std::to_string(number) + " (" + bam_get_qname(b) + "): " + what);
}

void ReadEncoder::Encode(const bam1_t* b, uint64_t number, BatchBuilder* out) {
  const bam1_core_t& c = b->core;
  const auto ref_name = [&](int tid) -> std::string_view {
    if (tid < 0 || static_cast<size_t>(tid) >= names_.size())
      Fail(b, number, "reference id " + std::to_string(tid) + " is not in the header");
    return names_[static_cast<size_t>(tid)];
  };
  // First what may fail or has no known bound (tags), and the room the record can take at most.
  const size_t head = layout_.bitmap_bytes() + layout_.fixed_bytes();
  size_t room = 4 + head;
  for (size_t i = 0; i < set_.columns.size(); ++i) {
    const ColumnSpec& col = set_.columns[i];
    switch (col.column) {
      case Column::kQname: room += 4 + static_cast<size_t>(c.l_qname); break;
      case Column::kRname: room += 4 + (c.tid < 0 ? 0 : ref_name(c.tid).size()); break;
      case Column::kRnext: room += 5 + (c.mtid < 0 ? 0 : ref_name(c.mtid).size()); break;
      case Column::kCigar: room += 4 + kCigarOpBytes * c.n_cigar; break;
      case Column::kSeq:
      case Column::kQual: room += 5 + static_cast<size_t>(c.l_qseq); break;
      case Column::kTag:
        FindTag(col, b, number, &tags_[i]);
        room += 4 + tags_[i].text.l;
        break;
      case Column::kAllTags:
        FormatAllTags(b, number, &tags_[i]);
        room += 4 + tags_[i].text.l;
        break;
      default: break;
    }
  }

  char* const start = out->Reserve(room);
  const bool prefixed = !layout_.fixed_size();
  char* const rec = start + (prefixed ? 4 : 0);
  std::memset(rec, 0, head);
  char* p = rec + head;
  for (size_t i = 0; i < set_.columns.size(); ++i) {
    const ColumnSpec& col = set_.columns[i];
    const TableLayout::Slot& slot = layout_.slot(i);
    char* const fixed = rec + slot.offset;
    const auto set_null = [&] { rec[slot.nullable_index >> 3] |= static_cast<char>(1u << (slot.nullable_index & 7)); };
    if (!IsVariable(col.type)) {
      switch (col.column) {
        case Column::kFlag: Store<uint16_t>(fixed, c.flag); break;
        case Column::kPos: Store<int64_t>(fixed, c.pos + 1); break;
        case Column::kMapq: *fixed = static_cast<char>(c.qual); break;
        case Column::kPnext: Store<int64_t>(fixed, c.mpos + 1); break;
        case Column::kTlen: Store<int64_t>(fixed, c.isize); break;
        case Column::kEnd:
          if ((c.flag & BAM_FUNMAP) || c.n_cigar == 0) {
            set_null();
          } else {
            Store<int64_t>(fixed, bam_endpos(b));
          }
          break;
        case Column::kQlen: {
          int64_t n = c.l_qseq != 0 ? c.l_qseq : bam_cigar2qlen(static_cast<int>(c.n_cigar), bam_get_cigar(b));
          Store<uint32_t>(fixed, static_cast<uint32_t>(n));
          break;
        }
        case Column::kTag: {
          const TagValue& v = tags_[i];
          if (v.null) {
            set_null();
          } else if (col.type == Type::kF32) {
            Store<float>(fixed, static_cast<float>(v.real));
          } else if (col.type == Type::kF64) {
            Store<double>(fixed, v.real);
          } else {
            StoreInteger(fixed, col.type, v.integer);
          }
          break;
        }
        default: break;
      }
      continue;
    }
    // A variable field: its length prefix (except the last one's), then its bytes.
    char* length_at = nullptr;
    if (static_cast<int>(i) != last_variable_) {
      length_at = p;
      p += 4;
    }
    char* const value = p;
    switch (col.column) {
      case Column::kQname: {
        size_t n = static_cast<size_t>(c.l_qname - c.l_extranul - 1);
        std::memcpy(p, bam_get_qname(b), n);
        p += n;
        break;
      }
      case Column::kRname:
      case Column::kRnext: {
        int tid = col.column == Column::kRname ? c.tid : c.mtid;
        if (tid < 0) {
          set_null();
        } else if (col.column == Column::kRnext && c.mtid == c.tid) {
          *p++ = '=';
        } else {
          std::string_view name = ref_name(tid);
          std::memcpy(p, name.data(), name.size());
          p += name.size();
        }
        break;
      }
      case Column::kCigar:
        if (c.n_cigar == 0) set_null();
        p = WriteCigar(b, p);
        break;
      case Column::kSeq:
        if (c.l_qseq == 0) set_null();
        p = WriteSeq(b, p);
        break;
      case Column::kQual:
        if (c.l_qseq == 0 || bam_get_qual(b)[0] == 0xff) {
          set_null();
        } else {
          p = WriteQual(b, p);
        }
        break;
      case Column::kTag:
      case Column::kAllTags: {
        const TagValue& v = tags_[i];
        if (v.null) {
          set_null();
        } else {
          size_t n = v.text.l - v.skip;
          if (n != 0) std::memcpy(p, v.text.s + v.skip, n);
          p += n;
        }
        break;
      }
      default: break;
    }
    if (length_at != nullptr) Store<uint32_t>(length_at, static_cast<uint32_t>(p - value));
  }
  if (prefixed) Store<uint32_t>(start, static_cast<uint32_t>(p - rec));
  out->Commit(p, 1);
}

void ReadEncoder::FindTag(const ColumnSpec& col, const bam1_t* b, uint64_t number, TagValue* v) {
  v->null = true;
  v->text.l = 0;
  v->skip = 0;
  errno = 0;
  const uint8_t* t = bam_aux_get(b, col.tag);
  if (t == nullptr) {
    if (errno != ENOENT) Fail(b, number, "damaged aux data (tags)");
    return;
  }
  v->null = false;
  const char type = static_cast<char>(*t);
  if (IsVariable(col.type)) {
    if (!sam_format_aux1(t - 2, *t, t + 1, b->data + b->l_data, &v->text) || v->text.l < 5) {
      Fail(b, number, "damaged aux data at tag " + col.name);
    }
    v->skip = 5;  // "XX:T:"
  } else if (IsFloat(col.type)) {
    if (type != 'f' && type != 'd') Fail(b, number, "tag " + col.name + " is of SAM type " + type + ", not f");
    v->real = bam_aux2f(t);
  } else {
    if (!IsIntegerTag(type)) Fail(b, number, "tag " + col.name + " is of SAM type " + type + ", not an integer");
    v->integer = bam_aux2i(t);
    if (!FitsType(col.type, v->integer)) {
      Fail(b, number,
           "tag " + col.name + " value " + std::to_string(v->integer) + " does not fit " +
               std::string(TypeName(col.type)));
    }
  }
}

void ReadEncoder::FormatAllTags(const bam1_t* b, uint64_t number, TagValue* v) {
  v->null = false;
  v->skip = 0;
  v->text.l = 0;
  const uint8_t* s = bam_get_aux(b);
  const uint8_t* end = b->data + b->l_data;
  while (end - s >= 4) {
    if (v->text.l != 0) kputc('\t', &v->text);
    s = sam_format_aux1(s, s[2], s + 3, end, &v->text);
    if (s == nullptr) Fail(b, number, "damaged aux data (tags)");
  }
}

}  // namespace recpipe::bam2cols
