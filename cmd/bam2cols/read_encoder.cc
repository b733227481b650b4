#include "cmd/bam2cols/read_encoder.h"

#include <cerrno>
#include <cstdlib>
#include <limits>

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

// Stores v in an integer field of type t; false when it does not fit.
bool SetInteger(BatchBuilder* out, size_t field, Type t, int64_t v) {
  switch (t) {
    case Type::kI8: if (!Fits<int8_t>(v)) return false; out->SetFixed<int8_t>(field, static_cast<int8_t>(v)); return true;
    case Type::kI16: if (!Fits<int16_t>(v)) return false; out->SetFixed<int16_t>(field, static_cast<int16_t>(v)); return true;
    case Type::kI32: if (!Fits<int32_t>(v)) return false; out->SetFixed<int32_t>(field, static_cast<int32_t>(v)); return true;
    case Type::kI64: out->SetFixed<int64_t>(field, v); return true;
    case Type::kU8: if (!Fits<uint8_t>(v)) return false; out->SetFixed<uint8_t>(field, static_cast<uint8_t>(v)); return true;
    case Type::kU16: if (!Fits<uint16_t>(v)) return false; out->SetFixed<uint16_t>(field, static_cast<uint16_t>(v)); return true;
    case Type::kU32: if (!Fits<uint32_t>(v)) return false; out->SetFixed<uint32_t>(field, static_cast<uint32_t>(v)); return true;
    case Type::kU64: if (v < 0) return false; out->SetFixed<uint64_t>(field, static_cast<uint64_t>(v)); return true;
    default: return false;
  }
}

bool IsIntegerTag(char type) {
  return type == 'c' || type == 'C' || type == 's' || type == 'S' || type == 'i' || type == 'I';
}

}  // namespace

ReadEncoder::ReadEncoder(const ColumnSet& set, const sam_hdr_t* header, const std::string& file)
    : set_(set), header_(header), file_(file) {}

ReadEncoder::~ReadEncoder() { ks_free(&ks_); }

void ReadEncoder::Fail(const bam1_t* b, uint64_t number, const std::string& what) const {
  throw DataError(file_ + ": read " + std::to_string(number) + " (" + bam_get_qname(b) + "): " + what);
}

void ReadEncoder::Encode(const bam1_t* b, uint64_t number, BatchBuilder* out) {
  const bam1_core_t& c = b->core;
  out->Begin();
  for (size_t i = 0; i < set_.columns.size(); ++i) {
    const ColumnSpec& col = set_.columns[i];
    switch (col.column) {
      case Column::kQname: out->AddVariable(std::string_view(bam_get_qname(b), c.l_qname - c.l_extranul - 1)); break;
      case Column::kFlag: out->SetFixed<uint16_t>(i, c.flag); break;
      case Column::kRname:
        if (c.tid < 0) {
          out->SetNull(i);
          out->AddVariable({});
        } else {
          out->AddVariable(sam_hdr_tid2name(header_, c.tid));
        }
        break;
      case Column::kPos: out->SetFixed<int64_t>(i, c.pos + 1); break;
      case Column::kMapq: out->SetFixed<uint8_t>(i, c.qual); break;
      case Column::kCigar:
        if (c.n_cigar == 0) {
          out->SetNull(i);
          out->AddVariable({});
        } else {
          scratch_.clear();
          AppendCigar(b, &scratch_);
          out->AddVariable(scratch_);
        }
        break;
      case Column::kRnext:
        if (c.mtid < 0) {
          out->SetNull(i);
          out->AddVariable({});
        } else if (c.mtid == c.tid) {
          out->AddVariable("=");
        } else {
          out->AddVariable(sam_hdr_tid2name(header_, c.mtid));
        }
        break;
      case Column::kPnext: out->SetFixed<int64_t>(i, c.mpos + 1); break;
      case Column::kTlen: out->SetFixed<int64_t>(i, c.isize); break;
      case Column::kSeq:
        if (c.l_qseq == 0) {
          out->SetNull(i);
          out->AddVariable({});
        } else {
          scratch_.clear();
          AppendSeq(b, &scratch_);
          out->AddVariable(scratch_);
        }
        break;
      case Column::kQual:
        if (c.l_qseq == 0 || bam_get_qual(b)[0] == 0xff) {
          out->SetNull(i);
          out->AddVariable({});
        } else {
          scratch_.clear();
          AppendQual(b, &scratch_);
          out->AddVariable(scratch_);
        }
        break;
      case Column::kEnd:
        if ((c.flag & BAM_FUNMAP) || c.n_cigar == 0) {
          out->SetNull(i);
        } else {
          out->SetFixed<int64_t>(i, bam_endpos(b));
        }
        break;
      case Column::kQlen: {
        int64_t n = c.l_qseq != 0 ? c.l_qseq : bam_cigar2qlen(static_cast<int>(c.n_cigar), bam_get_cigar(b));
        out->SetFixed<uint32_t>(i, static_cast<uint32_t>(n));
        break;
      }
      case Column::kTag: AddTag(col, i, b, number, out); break;
      case Column::kAllTags: AddAllTags(b, number, out); break;
    }
  }
  out->End();
}

void ReadEncoder::AddTag(const ColumnSpec& col, size_t field, const bam1_t* b, uint64_t number, BatchBuilder* out) {
  errno = 0;
  const uint8_t* t = bam_aux_get(b, col.tag);
  const bool variable = IsVariable(col.type);
  if (t == nullptr) {
    if (errno != ENOENT) Fail(b, number, "damaged aux data (tags)");
    out->SetNull(field);
    if (variable) out->AddVariable({});
    return;
  }
  const char type = static_cast<char>(*t);
  if (variable) {
    ks_.l = 0;
    if (!sam_format_aux1(t - 2, *t, t + 1, b->data + b->l_data, &ks_) || ks_.l < 5) {
      Fail(b, number, "damaged aux data at tag " + col.name);
    }
    out->AddVariable(std::string_view(ks_.s + 5, ks_.l - 5));  // without "XX:T:"
  } else if (IsFloat(col.type)) {
    if (type != 'f' && type != 'd') Fail(b, number, "tag " + col.name + " is of SAM type " + type + ", not f");
    double v = bam_aux2f(t);
    if (col.type == Type::kF32) {
      out->SetFixed<float>(field, static_cast<float>(v));
    } else {
      out->SetFixed<double>(field, v);
    }
  } else {
    if (!IsIntegerTag(type)) Fail(b, number, "tag " + col.name + " is of SAM type " + type + ", not an integer");
    int64_t v = bam_aux2i(t);
    if (!SetInteger(out, field, col.type, v)) {
      Fail(b, number, "tag " + col.name + " value " + std::to_string(v) + " does not fit " +
                          std::string(TypeName(col.type)));
    }
  }
}

void ReadEncoder::AddAllTags(const bam1_t* b, uint64_t number, BatchBuilder* out) {
  const uint8_t* s = bam_get_aux(b);
  const uint8_t* end = b->data + b->l_data;
  ks_.l = 0;
  while (end - s >= 4) {
    if (ks_.l != 0) kputc('\t', &ks_);
    s = sam_format_aux1(s, s[2], s + 3, end, &ks_);
    if (s == nullptr) Fail(b, number, "damaged aux data (tags)");
  }
  out->AddVariable(std::string_view(ks_.s ? ks_.s : "", ks_.l));
}

}  // namespace recpipe::bam2cols
