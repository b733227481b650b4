#include "lib/column_image.h"

#include <cstring>

#include "lib/endian.h"
#include "lib/record_view.h"

namespace recpipe {
namespace {

enum : uint8_t { kPlain = 0, kDelta = 1 };

uint64_t LoadWidth(const char* p, int width) {
  uint64_t v = 0;
  std::memcpy(&v, p, static_cast<size_t>(width));
  return v;
}
void StoreWidth(char* p, uint64_t v, int width) { std::memcpy(p, &v, static_cast<size_t>(width)); }

int64_t SignExtend(uint64_t v, int width) {
  if (width == 8) return static_cast<int64_t>(v);
  const int shift = 64 - 8 * width;
  return static_cast<int64_t>(v << shift) >> shift;
}
uint64_t Mask(int width) { return width == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * width)) - 1; }
uint64_t ZigZag(int64_t s) { return (static_cast<uint64_t>(s) << 1) ^ static_cast<uint64_t>(s >> 63); }
int64_t UnZigZag(uint64_t z) { return static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1); }
int SignificantBytes(uint64_t v) { return v == 0 ? 0 : (64 - __builtin_clzll(v) + 7) / 8; }

// Where each record's bytes (after any length prefix) start, and how long they are.
struct RecordSpans {
  std::vector<const char*> data;
  std::vector<uint32_t> size;
};

void FindRecords(const TableLayout& layout, std::string_view records, uint32_t count, RecordSpans* spans) {
  spans->data.resize(count);
  spans->size.resize(count);
  const char* p = records.data();
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t n = layout.record_size();
    if (!layout.fixed_size()) {
      n = Load<uint32_t>(p);
      p += 4;
    }
    spans->data[i] = p;
    spans->size[i] = n;
    p += n;
  }
}

// Writes values[i] (width bytes each) as `width` planes of count bytes.
void PutPlanes(const std::vector<uint64_t>& values, int width, Buffer* out) {
  const size_t count = values.size();
  char* base = out->Extend(count * static_cast<size_t>(width));
  for (int b = 0; b < width; ++b) {
    char* plane = base + static_cast<size_t>(b) * count;
    const int shift = 8 * b;
    for (size_t i = 0; i < count; ++i) plane[i] = static_cast<char>(values[i] >> shift);
  }
}

void GetPlanes(const char* base, size_t count, int width, std::vector<uint64_t>* values) {
  values->assign(count, 0);
  for (int b = 0; b < width; ++b) {
    const unsigned char* plane = reinterpret_cast<const unsigned char*>(base) + static_cast<size_t>(b) * count;
    const int shift = 8 * b;
    for (size_t i = 0; i < count; ++i) (*values)[i] |= static_cast<uint64_t>(plane[i]) << shift;
  }
}

}  // namespace

bool HasStats(Type type) { return IsSigned(type) || IsUnsigned(type); }

bool StatLess(Type type, uint64_t a, uint64_t b) {
  return IsSigned(type) ? static_cast<int64_t>(a) < static_cast<int64_t>(b) : a < b;
}

void EncodeColumns(const Schema& schema, const TableLayout& layout, std::string_view records, uint32_t count,
                   const std::vector<uint16_t>& stat_fields, Buffer* out, std::vector<FieldStat>* stats) {
  thread_local RecordSpans spans;
  thread_local std::vector<uint64_t> values, deltas;
  FindRecords(layout, records, count, &spans);
  const size_t fields = schema.fields.size();

  // Modes first: decide per integer field whether deltas are smaller than the values.
  const size_t modes_at = out->size();
  for (size_t f = 0; f < fields; ++f) {
    if (!IsVariable(schema.fields[f].type)) out->Append("\0", 1);
  }
  {
    std::vector<uint64_t> bitmap(count);
    for (uint32_t b = 0; b < layout.bitmap_bytes(); ++b) {
      for (uint32_t i = 0; i < count; ++i) bitmap[i] = static_cast<unsigned char>(spans.data[i][b]);
      PutPlanes(bitmap, 1, out);
    }
  }
  stats->clear();
  size_t mode_slot = 0;
  for (size_t f = 0; f < fields; ++f) {
    const Type type = schema.fields[f].type;
    if (IsVariable(type)) continue;
    const int width = TypeWidth(type);
    const uint32_t offset = layout.slot(f).offset;
    values.resize(count);
    for (uint32_t i = 0; i < count; ++i) values[i] = LoadWidth(spans.data[i] + offset, width);

    for (uint16_t sf : stat_fields) {
      if (sf != f) continue;
      FieldStat st;
      st.field = sf;
      for (uint32_t i = 0; i < count; ++i) {
        if (RecordView(spans.data[i], spans.size[i], &layout).IsNull(f)) continue;
        uint64_t v = IsSigned(type) ? static_cast<uint64_t>(SignExtend(values[i], width)) : values[i];
        if (!st.present) {
          st.min = st.max = v;
          st.present = true;
        } else {
          if (StatLess(type, v, st.min)) st.min = v;
          if (StatLess(type, st.max, v)) st.max = v;
        }
      }
      stats->push_back(st);
    }

    uint8_t mode = kPlain;
    if ((IsSigned(type) || IsUnsigned(type)) && width > 1) {
      const uint64_t mask = Mask(width);
      deltas.resize(count);
      uint64_t prev = 0, cost_plain = 0, cost_delta = 0;
      for (uint32_t i = 0; i < count; ++i) {
        uint64_t v = values[i];
        deltas[i] = ZigZag(SignExtend((v - prev) & mask, width));
        prev = v;
        cost_plain += SignificantBytes(IsSigned(type) ? ZigZag(SignExtend(v, width)) : v);
        cost_delta += SignificantBytes(deltas[i]);
      }
      if (cost_delta * 10 < cost_plain * 9) mode = kDelta;
    }
    out->data()[modes_at + mode_slot++] = static_cast<char>(mode);
    PutPlanes(mode == kDelta ? deltas : values, width, out);
  }

  // Variable fields: lengths, then bytes.
  const size_t nvar = layout.variable_count();
  if (nvar == 0) return;
  thread_local std::vector<std::string_view> vars;
  vars.resize(static_cast<size_t>(count) * nvar);
  for (uint32_t i = 0; i < count; ++i) {
    RecordView(spans.data[i], spans.size[i], &layout).Variables(&vars[static_cast<size_t>(i) * nvar]);
  }
  for (size_t v = 0; v < nvar; ++v) {
    values.resize(count);
    for (uint32_t i = 0; i < count; ++i) values[i] = vars[static_cast<size_t>(i) * nvar + v].size();
    PutPlanes(values, 4, out);
  }
  for (size_t v = 0; v < nvar; ++v) {
    for (uint32_t i = 0; i < count; ++i) out->Append(vars[static_cast<size_t>(i) * nvar + v]);
  }
}

bool DecodeColumns(const Schema& schema, const TableLayout& layout, std::string_view image, uint32_t count,
                   Buffer* out, std::string* why) {
  thread_local std::vector<uint64_t> values;
  thread_local std::vector<uint64_t> starts;  // offset in out of each record's bytes, after any length prefix
  const size_t fields = schema.fields.size();
  const size_t nvar = layout.variable_count();
  const uint32_t fixed_part = layout.bitmap_bytes() + layout.fixed_bytes();
  size_t pos = 0;
  auto take = [&](size_t n) -> const char* {
    if (image.size() - pos < n) return nullptr;
    if (n == 0) return "";  // an empty image may have no address at all
    const char* p = image.data() + pos;
    pos += n;
    return p;
  };
  auto fail = [&](const std::string& what) {
    *why = "column image: " + what;
    return false;
  };

  std::vector<uint8_t> modes;
  for (size_t f = 0; f < fields; ++f) {
    if (IsVariable(schema.fields[f].type)) continue;
    const char* m = take(1);
    if (!m) return fail("ends in the column modes");
    if (*m != kPlain && *m != kDelta) return fail("unknown column mode " + std::to_string(*m));
    modes.push_back(static_cast<uint8_t>(*m));
  }
  const char* bitmap = take(static_cast<size_t>(layout.bitmap_bytes()) * count);
  if (!bitmap) return fail("ends in the null bitmaps");
  std::vector<const char*> columns;
  for (size_t f = 0; f < fields; ++f) {
    if (IsVariable(schema.fields[f].type)) continue;
    const char* c = take(static_cast<size_t>(TypeWidth(schema.fields[f].type)) * count);
    if (!c) return fail("ends in the column of field '" + schema.fields[f].name + "'");
    columns.push_back(c);
  }

  // Record sizes from the variable lengths; then every record's place in out.
  std::vector<std::vector<uint64_t>> lengths(nvar);
  for (size_t v = 0; v < nvar; ++v) {
    const char* c = take(size_t{4} * count);
    if (!c) return fail("ends in the lengths of variable field " + std::to_string(v + 1));
    GetPlanes(c, count, 4, &lengths[v]);
  }
  starts.resize(count);
  uint64_t total = 0, var_bytes = 0;
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t size = fixed_part;
    for (size_t v = 0; v < nvar; ++v) {
      size += lengths[v][i] + (v + 1 < nvar ? 4 : 0);
      var_bytes += lengths[v][i];
    }
    if (size > UINT32_MAX) return fail("record " + std::to_string(i) + " is too long");
    if (!layout.fixed_size()) total += 4;
    starts[i] = total;
    total += size;
  }
  if (var_bytes != image.size() - pos) {
    return fail("holds " + std::to_string(image.size() - pos) + " bytes of strings where the lengths add up to " +
                std::to_string(var_bytes));
  }
  char* dst = out->Extend(total);
  if (!layout.fixed_size()) {
    for (uint32_t i = 0; i < count; ++i) {
      uint64_t next = i + 1 < count ? starts[i + 1] - 4 : total;
      Store<uint32_t>(dst + starts[i] - 4, static_cast<uint32_t>(next - starts[i]));
    }
  }
  for (uint32_t b = 0; b < layout.bitmap_bytes(); ++b) {
    const char* plane = bitmap + static_cast<size_t>(b) * count;
    for (uint32_t i = 0; i < count; ++i) dst[starts[i] + b] = plane[i];
  }
  size_t column = 0;
  for (size_t f = 0; f < fields; ++f) {
    const Type type = schema.fields[f].type;
    if (IsVariable(type)) continue;
    const int width = TypeWidth(type);
    const uint32_t offset = layout.slot(f).offset;
    GetPlanes(columns[column], count, width, &values);
    if (modes[column] == kDelta) {
      const uint64_t mask = Mask(width);
      uint64_t prev = 0;
      for (uint32_t i = 0; i < count; ++i) {
        prev = (prev + static_cast<uint64_t>(UnZigZag(values[i]))) & mask;
        values[i] = prev;
      }
    }
    for (uint32_t i = 0; i < count; ++i) StoreWidth(dst + starts[i] + offset, values[i], width);
    ++column;
  }
  // Variable bytes: field by field, each record's value after the fixed part and the earlier variable fields.
  std::vector<uint64_t> cursor(count, fixed_part);
  for (size_t v = 0; v < nvar; ++v) {
    const bool last = v + 1 == nvar;
    for (uint32_t i = 0; i < count; ++i) {
      uint64_t n = lengths[v][i];
      char* p = dst + starts[i] + cursor[i];
      if (!last) {
        Store<uint32_t>(p, static_cast<uint32_t>(n));
        p += 4;
        cursor[i] += 4;
      }
      if (n != 0) std::memcpy(p, image.data() + pos, n);
      pos += n;
      cursor[i] += n;
    }
  }
  return true;
}

}  // namespace recpipe
