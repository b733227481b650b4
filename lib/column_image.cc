#include "lib/column_image.h"

#include <cstring>

#include "lib/endian.h"
#include "lib/record_view.h"

namespace recpipe {
namespace {

enum : uint8_t { kPlain = 0, kDelta = 1 };


int64_t SignExtend(uint64_t v, int width) {
  if (width == 8) return static_cast<int64_t>(v);
  const int shift = 64 - 8 * width;
  return static_cast<int64_t>(v << shift) >> shift;
}
uint64_t Mask(int width) { return width == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * width)) - 1; }
uint64_t ZigZag(int64_t s) { return (static_cast<uint64_t>(s) << 1) ^ static_cast<uint64_t>(s >> 63); }
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
  const uint64_t* __restrict v = values.data();
  for (int b = 0; b < width; ++b) {
    auto* __restrict plane = reinterpret_cast<unsigned char*>(base) + static_cast<size_t>(b) * count;
    const int shift = 8 * b;
    for (size_t i = 0; i < count; ++i) plane[i] = static_cast<unsigned char>(v[i] >> shift);
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

// The values of one fixed-width field of every record, widened to u64, without a library call per value.
template <typename T>
void LoadColumnAs(const RecordSpans& spans, uint32_t offset, std::vector<uint64_t>* values) {
  const size_t n = spans.data.size();
  values->resize(n);
  uint64_t* v = values->data();
  for (size_t i = 0; i < n; ++i) v[i] = Load<T>(spans.data[i] + offset);
}
void LoadColumn(const RecordSpans& spans, uint32_t offset, int width, std::vector<uint64_t>* values) {
  switch (width) {
    case 1: return LoadColumnAs<uint8_t>(spans, offset, values);
    case 2: return LoadColumnAs<uint16_t>(spans, offset, values);
    case 4: return LoadColumnAs<uint32_t>(spans, offset, values);
    default: return LoadColumnAs<uint64_t>(spans, offset, values);
  }
}

// Gathers a column's byte planes, undoes the delta coding, and stores each value into its record: record i starts
// at dst + i * stride, or at dst + starts[i] when starts is given.
template <typename T>
void StoreColumnAs(const char* planes, size_t count, bool delta, char* dst, const uint64_t* starts, size_t stride,
                   uint32_t offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(planes);
  T prev = 0;
  for (size_t i = 0; i < count; ++i) {
    T v = 0;
    for (size_t b = 0; b < sizeof(T); ++b) v |= static_cast<T>(static_cast<T>(p[b * count + i]) << (8 * b));
    if (delta) {
      prev = static_cast<T>(prev + static_cast<T>((v >> 1) ^ static_cast<T>(-static_cast<T>(v & 1))));
      v = prev;
    }
    Store<T>(dst + (starts ? starts[i] : i * stride) + offset, v);
  }
}
void StoreColumn(const char* planes, size_t count, int width, bool delta, char* dst, const uint64_t* starts,
                 size_t stride, uint32_t offset) {
  switch (width) {
    case 1: return StoreColumnAs<uint8_t>(planes, count, delta, dst, starts, stride, offset);
    case 2: return StoreColumnAs<uint16_t>(planes, count, delta, dst, starts, stride, offset);
    case 4: return StoreColumnAs<uint32_t>(planes, count, delta, dst, starts, stride, offset);
    default: return StoreColumnAs<uint64_t>(planes, count, delta, dst, starts, stride, offset);
  }
}

}  // namespace

bool HasStats(Type type) { return IsSigned(type) || IsUnsigned(type); }

std::vector<uint16_t> StatFields(const Schema& schema, const std::vector<std::string>& wanted) {
  std::vector<uint16_t> out;
  for (size_t f = 0; f < schema.fields.size(); ++f) {
    if (!HasStats(schema.fields[f].type)) continue;
    bool listed = wanted.empty();
    for (const std::string& w : wanted) listed = listed || w == schema.fields[f].name;
    if (listed) out.push_back(static_cast<uint16_t>(f));
  }
  return out;
}

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
    LoadColumn(spans, offset, width, &values);

    for (uint16_t sf : stat_fields) {
      if (sf != f) continue;
      FieldStat st;
      st.field = sf;
      const bool nullable = schema.fields[f].nullable;
      for (uint32_t i = 0; i < count; ++i) {
        if (nullable && RecordView(spans.data[i], spans.size[i], &layout).IsNull(f)) continue;
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
  uint64_t total = 0, var_bytes = 0;
  if (layout.fixed_size()) {
    starts.clear();  // record i is at i * record_size
    total = uint64_t{count} * fixed_part;
  } else {
    starts.resize(count);
    for (uint32_t i = 0; i < count; ++i) {
      uint64_t size = fixed_part;
      for (size_t v = 0; v < nvar; ++v) {
        size += lengths[v][i] + (v + 1 < nvar ? 4 : 0);
        var_bytes += lengths[v][i];
      }
      if (size > UINT32_MAX) return fail("record " + std::to_string(i) + " is too long");
      total += 4;
      starts[i] = total;
      total += size;
    }
  }
  if (var_bytes != image.size() - pos) {
    return fail("holds " + std::to_string(image.size() - pos) + " bytes of strings where the lengths add up to " +
                std::to_string(var_bytes));
  }
  // 16 bytes of slack after the records let short strings be copied 16 bytes at a time.
  const size_t base = out->size();
  char* dst = out->Extend(total + 16);
  out->Truncate(base + total);

  // Variable bytes first, record by record: a 16-byte copy may run past its value into bytes that a later step
  // writes (the record's next variable field, or the next record's length, bitmap, fixed and variable fields),
  // never into bytes already written.
  if (nvar != 0) {
    std::vector<size_t> src(nvar);  // where each variable field's next value starts in the image
    for (size_t v = 0, at_src = pos; v < nvar; ++v) {
      src[v] = at_src;
      for (uint32_t i = 0; i < count; ++i) at_src += lengths[v][i];
    }
    for (uint32_t i = 0; i < count; ++i) {
      char* p = dst + starts[i] + fixed_part;
      for (size_t v = 0; v < nvar; ++v) {
        const uint64_t n = lengths[v][i];
        if (v + 1 < nvar) {
          Store<uint32_t>(p, static_cast<uint32_t>(n));
          p += 4;
        }
        if (n <= 16 && image.size() - src[v] >= 16) {
          std::memcpy(p, image.data() + src[v], 16);
        } else if (n != 0) {
          std::memcpy(p, image.data() + src[v], n);
        }
        src[v] += n;
        p += n;
      }
    }
    for (uint32_t i = 0; i < count; ++i) {
      uint64_t next = i + 1 < count ? starts[i + 1] - 4 : total;
      Store<uint32_t>(dst + starts[i] - 4, static_cast<uint32_t>(next - starts[i]));
    }
  }
  // Fixed-size records sit at i * record_size; others where starts says.
  const uint64_t* at = layout.fixed_size() ? nullptr : starts.data();
  for (uint32_t b = 0; b < layout.bitmap_bytes(); ++b) {
    const char* plane = bitmap + static_cast<size_t>(b) * count;
    for (uint32_t i = 0; i < count; ++i) dst[(at ? at[i] : uint64_t{i} * fixed_part) + b] = plane[i];
  }
  size_t column = 0;
  for (size_t f = 0; f < fields; ++f) {
    const Type type = schema.fields[f].type;
    if (IsVariable(type)) continue;
    StoreColumn(columns[column], count, TypeWidth(type), modes[column] == kDelta, dst, at, layout.record_size(),
                layout.slot(f).offset);
    ++column;
  }
  return true;
}

}  // namespace recpipe
