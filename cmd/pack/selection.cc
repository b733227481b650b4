#include "cmd/pack/selection.h"

#include <charconv>

#include "lib/batch_builder.h"
#include "lib/column_image.h"
#include "lib/error.h"
#include "lib/frame.h"
#include "lib/record_view.h"

namespace recpipe::pack {
namespace {

uint64_t ParseBound(std::string_view text, const std::string& whole, const char* option) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw UsageError(std::string(option) + " takes A:B with whole numbers (either may be left out), not '" + whole + "'");
  }
  return v;
}

// A --where bound: a signed or unsigned whole number.
void ParseWhereBound(std::string_view text, const std::string& whole, int64_t* s, uint64_t* u, bool* negative) {
  auto bad = [&] {
    return UsageError("--where takes FIELD=A:B or FIELD=V with whole numbers, not '" + whole + "'");
  };
  if (!text.empty() && text[0] == '-') {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *s);
    if (ec != std::errc() || end != text.data() + text.size()) throw bad();
    *negative = true;
    *u = 0;
  } else {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *u);
    if (ec != std::errc() || end != text.data() + text.size()) throw bad();
    *s = *u > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(*u);
  }
}

}  // namespace

Range ParseRange(const std::string& text, const char* option) {
  size_t colon = text.find(':');
  if (colon == std::string::npos) {
    throw UsageError(std::string(option) + " takes A:B (from A up to, not including, B), not '" + text + "'");
  }
  Range r;
  std::string_view a = std::string_view(text).substr(0, colon), b = std::string_view(text).substr(colon + 1);
  if (!a.empty()) r.begin = ParseBound(a, text, option);
  if (!b.empty()) r.end = ParseBound(b, text, option);
  if (r.end < r.begin) throw UsageError(std::string(option) + " " + text + ": the end comes before the start");
  return r;
}

WhereRange ParseWhere(const std::string& text) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) throw UsageError("--where takes FIELD=A:B or FIELD=V, not '" + text + "'");
  WhereRange w;
  w.field = text.substr(0, eq);
  w.text = text;
  std::string_view rest = std::string_view(text).substr(eq + 1);
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos) {
    // FIELD=V: exactly V.
    ParseWhereBound(rest, text, &w.lo_signed, &w.lo_unsigned, &w.lo_negative);
    w.lo_open = false;
    w.hi_signed = w.lo_signed;
    w.hi_unsigned = w.lo_unsigned;
    w.hi_negative = w.lo_negative;
    w.hi_open = false;
    w.text += " (inclusive)";
    return w;
  }
  std::string_view a = rest.substr(0, colon), b = rest.substr(colon + 1);
  if (!a.empty()) {
    ParseWhereBound(a, text, &w.lo_signed, &w.lo_unsigned, &w.lo_negative);
    w.lo_open = false;
  }
  if (!b.empty()) {
    ParseWhereBound(b, text, &w.hi_signed, &w.hi_unsigned, &w.hi_negative);
    w.hi_open = false;
    // Kept inclusive from here on: B excluded is B-1 included (for unsigned fields, B <= 0 selects nothing).
    if (w.hi_negative) {
      if (w.hi_signed == INT64_MIN) throw UsageError("--where " + text + ": selects nothing");
      --w.hi_signed;
    } else if (w.hi_unsigned == 0) {
      w.hi_signed = -1;
      w.hi_negative = true;
    } else {
      --w.hi_unsigned;
      w.hi_signed = w.hi_unsigned > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(w.hi_unsigned);
    }
  }
  return w;
}

ResolvedSelection::ResolvedSelection(const Selection& s,
                                     const std::vector<std::pair<uint32_t, const Schema*>>& tables)
    : records_(s.records), blocks_(s.blocks), where_(s.where) {
  const Schema* schema = nullptr;
  if (s.table) {
    for (const auto& [id, sc] : tables) {
      if (sc->name == *s.table) {
        table_ = id;
        schema = sc;
      }
    }
    if (!table_) throw UsageError("--table: the container has no table '" + *s.table + "'");
  } else if (s.records || s.where) {
    if (tables.size() != 1) {
      throw UsageError("--records and --where apply to one table: name it with --table (the container has " +
                       std::to_string(tables.size()) + ")");
    }
    table_ = tables[0].first;
    schema = tables[0].second;
  }
  if (s.where) {
    where_field_ = schema->FieldIndex(s.where->field);
    if (!where_field_) {
      throw UsageError("--where: table '" + schema->name + "' has no field '" + s.where->field + "'");
    }
    where_type_ = schema->fields[*where_field_].type;
    if (!HasStats(where_type_)) {
      throw UsageError("--where: field '" + s.where->field + "' is " + std::string(TypeName(where_type_)) +
                       "; only integer fields can be selected by range");
    }
  }
}

bool ResolvedSelection::InWhere(uint64_t v) const {
  const WhereRange& w = *where_;
  if (IsSigned(where_type_)) {
    auto s = static_cast<int64_t>(v);
    return (w.lo_open || s >= w.lo_signed) && (w.hi_open || s <= w.hi_signed);
  }
  return (w.lo_open || w.lo_negative || v >= w.lo_unsigned) && (w.hi_open || (!w.hi_negative && v <= w.hi_unsigned));
}

bool ResolvedSelection::WantsBlock(uint32_t table_id, uint64_t block_number, uint64_t first_record, uint32_t count,
                                   const std::vector<FieldStat>& stats) const {
  if (!WantsTable(table_id)) return false;
  if (blocks_ && (block_number < blocks_->begin || block_number >= blocks_->end)) return false;
  if (records_ && (first_record + count <= records_->begin || first_record >= records_->end)) return false;
  if (where_field_) {
    for (const FieldStat& st : stats) {
      if (st.field != *where_field_) continue;
      if (!st.present) return false;  // all null: nothing can match
      const WhereRange& w = *where_;
      if (IsSigned(where_type_)) {
        auto mn = static_cast<int64_t>(st.min), mx = static_cast<int64_t>(st.max);
        if (!w.hi_open && mn > w.hi_signed) return false;
        if (!w.lo_open && mx < w.lo_signed) return false;
      } else {
        if (!w.hi_open && (w.hi_negative || st.min > w.hi_unsigned)) return false;
        if (!w.lo_open && !w.lo_negative && st.max < w.lo_unsigned) return false;
      }
    }
  }
  return true;
}

void ResolvedSelection::FilterBatch(const TableLayout& layout, uint64_t first_record, Buffer* batch) const {
  if (!FiltersRecords()) return;
  thread_local Buffer kept;
  kept.clear();
  FrameHeader h = DecodeFrameHeader(batch->data());
  BatchBuilder b(&kept, h.table_id, layout, UINT32_MAX >> 2);
  uint64_t n = first_record;
  ForEachRecord(layout, batch->view().substr(kFrameHeaderSize, h.length), [&](const RecordView& r) {
    uint64_t i = n++;
    if (records_ && (i < records_->begin || i >= records_->end)) return;
    if (where_field_) {
      if (r.IsNull(*where_field_)) return;
      uint64_t v = IsSigned(where_type_) ? static_cast<uint64_t>(r.GetInt(*where_field_)) : r.GetUInt(*where_field_);
      if (!InWhere(v)) return;
    }
    b.AddEncoded(std::string_view(r.data(), r.size()));
  });
  b.Finish();
  std::swap(*batch, kept);
}

}  // namespace recpipe::pack
