// HDF5 input, three layouts (found by which datasets exist):
//   /events/{x,y,t,p}       DSEC (t relative to /t_offset, in us) or evlib (t in us)
//   /events/{xs,ys,ts,ps}   event_utils / older evlib: ts in seconds, ps boolean
//   /CD/events              Prophesee: compound {x, y, p, t (us)}, /EXT_TRIGGER/events {p, t, id};
//                           chunks may be compressed with Prophesee's ECF filter (ecf_codec.h, registered here)
// Any integer or float type is accepted for each column; values are converted exactly (hdf5_values.h), and a value
// that does not fit is an error naming the dataset and the element, reported after every event before it.
// The reading stage reads slabs through the HDF5 library (which runs the filters) in the file's own types; workers
// convert them and turn them into records. A --time window is found by reading the times once from the start:
// when they are in order only the window is decoded, otherwise every event is decoded and filtered.
#include <hdf5.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "cmd/parse_events/ecf_codec.h"
#include "cmd/parse_events/hdf5_file.h"
#include "cmd/parse_events/parse_events.h"
#include "lib/error.h"
#include "lib/ordered_pipeline.h"
#include "lib/progress.h"

namespace recpipe::parse_events {
namespace {

constexpr size_t kSlabEvents = 1 << 18;   // read at once
constexpr size_t kBlockEvents = 1 << 12;  // converted and encoded at once

enum class Layout { kXytp, kXsYsTsPs, kProphesee };

struct CdEvent {  // Prophesee's compound, as its own writers store it
  uint16_t x, y;
  int16_t p;
  int64_t t;
};
static_assert(sizeof(CdEvent) == 16);

// One slab as the file stores it: the elements of each dataset the layout reads.
struct RawSlab {
  std::vector<char> data[4];
};

// One block of a slab converted: what the records are made of (t in output time).
struct Columns {
  std::vector<uint16_t> x, y;
  std::vector<uint8_t> p01;
  std::vector<int64_t> t;
};

struct SlabItem {
  uint64_t first = 0;
  size_t n = 0;
  RawSlab raw;
  Columns cols;
  size_t good = 0;    // events before the first value that does not convert
  std::string error;  // why that value does not, when good < n
  Buffer events, triggers, events_text, triggers_text;
  Counters counters;
  bool stop = false;
};

// One layout's datasets, how to read a slab of them and how to convert it.
class EventDatasets {
 public:
  EventDatasets(const H5File& f, Layout layout) : f_(f), layout_(layout) {
    if (layout == Layout::kProphesee) {
      sets_.push_back(std::make_unique<StoredDataset>(f.Open("/CD/events")));
      x_ = f.Field(*sets_[0], "x"), y_ = f.Field(*sets_[0], "y");
      t_ = f.Field(*sets_[0], "t"), p_ = f.Field(*sets_[0], "p");
      t_set_ = 0;
      auto is = [](const NumberField& field, NumberKind kind, size_t size, size_t offset) {
        return field.type.kind == kind && field.type.size == size && field.offset == offset;
      };
      cd_as_written_ = sets_[0]->size == sizeof(CdEvent) && is(x_, NumberKind::kUnsigned, 2, offsetof(CdEvent, x)) &&
                       is(y_, NumberKind::kUnsigned, 2, offsetof(CdEvent, y)) &&
                       is(p_, NumberKind::kSigned, 2, offsetof(CdEvent, p)) &&
                       is(t_, NumberKind::kSigned, 8, offsetof(CdEvent, t));
    } else {
      const bool xs = layout == Layout::kXsYsTsPs;
      for (const char* path : xs ? kXs : kXytp) sets_.push_back(std::make_unique<StoredDataset>(f.Open(path)));
      x_ = f.Field(*sets_[0]), y_ = f.Field(*sets_[1]), t_ = f.Field(*sets_[2]), p_ = f.Field(*sets_[3]);
      t_set_ = 2;
      for (const auto& d : sets_) {
        if (d->length != sets_[0]->length) throw DataError(f.path() + ": the event columns differ in length");
      }
      if (layout == Layout::kXytp && f.Exists("/t_offset")) {
        StoredDataset d = f.Open("/t_offset");
        NumberField field = f.Field(d);
        std::vector<char> raw;
        f.Read(d, 0, 1, &raw);
        std::string why;
        if (d.length != 1 || ToMicros(field.In(raw), 1, &t_offset_, &why) != 1) {
          throw DataError(f.path() + ": /t_offset: " + (d.length != 1 ? "not one number" : why));
        }
      }
    }
    length_ = sets_[0]->length;
  }
  uint64_t length() const { return length_; }
  int64_t t_offset() const { return t_offset_; }

  void ReadSlab(uint64_t first, size_t n, RawSlab* raw) const {
    for (size_t i = 0; i < sets_.size(); ++i) f_.Read(*sets_[i], first, n, &raw->data[i]);
  }
  void ReadTimes(uint64_t first, size_t n, RawSlab* raw) const {
    f_.Read(*sets_[t_set_], first, n, &raw->data[t_set_]);
  }

  // Output times (absolute minus `origin`) of n events from element `at` of a slab read from event `first`: how many
  // convert, and why the next does not.
  size_t Times(const RawSlab& raw, size_t at, uint64_t first, size_t n, int64_t origin, int64_t* t,
               std::string* error) const {
    std::string why;
    const NumberColumn in = t_.In(raw.data[t_set_], at);
    auto convert = [&](size_t k) {
      return layout_ == Layout::kXsYsTsPs ? SecondsToMicros(in, k, t, &why) : ToMicros(in, k, t, &why);
    };
    size_t good = convert(n);
    if ((t_offset_ != 0 || origin != 0) && !Shift(t, good, origin)) {
      convert(good);  // again (Shift left them wrapped), to find the first that overflows
      for (size_t i = 0; i < good; ++i) {
        int64_t absolute;
        if (__builtin_add_overflow(t[i], t_offset_, &absolute)) {
          why = std::to_string(t[i]) + " + /t_offset " + std::to_string(t_offset_) + " is beyond the i64 range";
          good = i;
        } else if (__builtin_sub_overflow(absolute, origin, &t[i])) {
          why = std::to_string(absolute) + " minus the first event's time " + std::to_string(origin) +
                " is beyond the i64 range";
          good = i;
        }
      }
    }
    if (good < n) *error = f_.path() + ": " + t_.Where(first + at + good) + ": " + why;
    return good;
  }
  // Adds /t_offset to t[0..n) and subtracts `origin`; false when one overflowed. No early exit, so it vectorizes.
  bool Shift(int64_t* t, size_t n, int64_t origin) const {
    bool overflow = false;
    for (size_t i = 0; i < n; ++i) {
      int64_t absolute;
      overflow |= __builtin_add_overflow(t[i], t_offset_, &absolute);
      overflow |= __builtin_sub_overflow(absolute, origin, &t[i]);
    }
    return !overflow;
  }
  // Converts n events from element `at` of a slab read by ReadSlab from event `first`: how many convert, and why the
  // next does not.
  size_t Convert(const RawSlab& raw, size_t at, uint64_t first, size_t n, int64_t origin, Columns* c,
                 std::string* error) const {
    c->x.resize(n), c->y.resize(n), c->p01.resize(n), c->t.resize(n);
    if (cd_as_written_ && ConvertCd(raw, at, n, origin, c)) return n;
    size_t good = Times(raw, at, first, n, origin, c->t.data(), error);
    std::string why;
    auto check = [&](const NumberField& f, size_t converted) {
      if (converted < good) {
        good = converted;
        *error = f_.path() + ": " + f.Where(first + at + good) + ": " + why;
      }
    };
    const bool cd = layout_ == Layout::kProphesee;
    check(x_, ToU16(x_.In(raw.data[0], at), good, c->x.data(), &why));
    check(y_, ToU16(y_.In(raw.data[cd ? 0 : 1], at), good, c->y.data(), &why));
    check(p_, ToPolarity(p_.In(raw.data[cd ? 0 : 3], at), good, c->p01.data(), &why));
    return good;
  }
  // Prophesee's compound as Prophesee writes it, where only the shift of t can fail: one pass (the general one makes
  // four over the slab, which costs twice the time). False when a time overflowed; the general pass then says where.
  bool ConvertCd(const RawSlab& raw, size_t at, size_t n, int64_t origin, Columns* c) const {
    const char* base = raw.data[0].data() + at * sizeof(CdEvent);
    bool overflow = false;
    for (size_t i = 0; i < n; ++i) {
      CdEvent e;
      std::memcpy(&e, base + i * sizeof e, sizeof e);
      c->x[i] = e.x, c->y[i] = e.y, c->p01[i] = e.p > 0;
      int64_t absolute;
      overflow |= __builtin_add_overflow(e.t, t_offset_, &absolute);
      overflow |= __builtin_sub_overflow(absolute, origin, &c->t[i]);
    }
    return !overflow;
  }
  // The output time of event i; throws when it does not convert.
  int64_t TimeAt(uint64_t i, int64_t origin) const {
    RawSlab raw;
    ReadTimes(i, 1, &raw);
    int64_t t;
    std::string error;
    if (Times(raw, 0, i, 1, origin, &t, &error) != 1) throw DataError(error);
    return t;
  }

 private:
  static constexpr const char* kXytp[] = {"/events/x", "/events/y", "/events/t", "/events/p"};
  static constexpr const char* kXs[] = {"/events/xs", "/events/ys", "/events/ts", "/events/ps"};
  const H5File& f_;
  Layout layout_;
  std::vector<std::unique_ptr<StoredDataset>> sets_;  // stable addresses: the fields point at them
  NumberField x_, y_, t_, p_;
  size_t t_set_ = 0;
  bool cd_as_written_ = false;  // /CD/events is {x u16, y u16, p i16, t i64}, as CdEvent
  uint64_t length_ = 0;
  int64_t t_offset_ = 0;
};

// The events to decode for --time: [first, end) of the window when the times are in order (checked on every one of
// them), else all of them (the filter then looks at each).
std::pair<uint64_t, uint64_t> TimeWindow(const EventDatasets& d, const EventFilter& filter, int64_t origin) {
  const uint64_t n = d.length();
  uint64_t first = n, end = n;
  int64_t previous = std::numeric_limits<int64_t>::min();
  RawSlab raw;
  std::vector<int64_t> t;
  std::string error;
  for (uint64_t at = 0; at < n; at += kSlabEvents) {
    const size_t k = static_cast<size_t>(std::min<uint64_t>(kSlabEvents, n - at));
    d.ReadTimes(at, k, &raw);
    t.resize(k);
    if (d.Times(raw, 0, at, k, origin, t.data(), &error) != k) throw DataError(error);
    for (size_t i = 0; i < k; ++i) {
      if (t[i] < previous) return {0, n};  // not in order
      previous = t[i];
      if (first == n && (!filter.time_begin || t[i] >= *filter.time_begin)) first = at + i;
      if (end == n && filter.time_end && t[i] >= *filter.time_end) end = at + i;
    }
  }
  return {std::min(first, end), end};
}

template <bool kFilter>
void EncodeSlab(const Columns& c, size_t n, EventOutput& out) {
  const int8_t* pol = out.polarity_map();
  char* p = out.Reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const int64_t t = c.t[i];
    const uint32_t x = c.x[i], y = c.y[i], p01 = c.p01[i];
    if constexpr (kFilter) {
      if (!out.Keep(t, x, y, p01, p)) {
        if (out.stop) break;
        continue;
      }
    }
    p = PutEvent(p, t, x, y, pol[p01]);
  }
  out.Commit(p);
}

// Converts and encodes a slab, a block at a time so that the converted columns stay in the cache; stops at the first
// value that does not convert (item.good, item.error).
void EncodeItem(EventTarget& target, const EventDatasets& d, int64_t origin, SlabItem& item, uint64_t limit) {
  item.events.clear();
  item.triggers.clear();
  item.good = item.n;
  EventOutput out(target.settings(), &item.events, &item.triggers, limit);
  for (size_t at = 0; at < item.n && !out.stop; at += kBlockEvents) {
    const size_t k = std::min(kBlockEvents, item.n - at);
    const size_t good = d.Convert(item.raw, at, item.first, k, origin, &item.cols, &item.error);
    if (out.settings().filter.active())
      EncodeSlab<true>(item.cols, good, out);
    else
      EncodeSlab<false>(item.cols, good, out);
    if (good < k) {
      item.good = at + good;
      break;
    }
  }
  out.Finish();
  item.counters = out.counters;
  item.stop = out.stop;
  if (target.text_output()) {
    item.events_text.clear();
    target.RenderEvents(item.events, &item.events_text);
  }
}

// Prophesee's /EXT_TRIGGER/events {p, t, id}: small, read on this thread after the events.
void WriteTriggers(const H5File& f, EventTarget& target) {
  if (!f.Exists("/EXT_TRIGGER/events")) return;
  const StoredDataset d = f.Open("/EXT_TRIGGER/events");
  const NumberField p = f.Field(d, "p"), t = f.Field(d, "t"), id = f.Field(d, "id");
  const int64_t origin = target.settings().time_origin;
  std::vector<char> raw;
  std::vector<int64_t> times;
  std::vector<uint8_t> ids, values;
  Buffer events, triggers, text;
  for (uint64_t first = 0; first < d.length; first += kSlabEvents) {
    const size_t k = static_cast<size_t>(std::min<uint64_t>(kSlabEvents, d.length - first));
    f.Read(d, first, k, &raw);
    times.resize(k), ids.resize(k), values.resize(k);
    std::string why;
    auto check = [&](const NumberField& field, size_t converted) {
      if (converted < k) throw DataError(f.path() + ": " + field.Where(first + converted) + ": " + why);
    };
    check(t, ToMicros(t.In(raw), k, times.data(), &why));
    check(id, ToU8(id.In(raw), k, ids.data(), &why));
    check(p, ToPolarity(p.In(raw), k, values.data(), &why));
    triggers.clear();
    EventOutput out(target.settings(), &events, &triggers, 0);
    for (size_t i = 0; i < k; ++i) {
      int64_t shifted;
      if (__builtin_sub_overflow(times[i], origin, &shifted)) {
        throw DataError(f.path() + ": " + t.Where(first + i) + ": " + std::to_string(times[i]) +
                        " minus the first event's time " + std::to_string(origin) + " is beyond the i64 range");
      }
      out.Trigger(shifted, ids[i], values[i]);
    }
    out.Finish();
    if (target.text_output()) {
      text.clear();
      target.RenderTriggers(triggers, &text);
      target.Write(events, text, out.counters);
    } else {
      target.Write(events, triggers, out.counters);
    }
  }
}

// Width and height from the file's attributes, where it has them.
void SensorSize(const H5File& f, SourceInfo* info) {
  auto size = [&](int64_t v, const char* name) {
    if (v < 0 || v > std::numeric_limits<uint32_t>::max()) {
      throw DataError(f.path() + ": attribute " + name + ": " + std::to_string(v) + " is not a sensor size");
    }
    return static_cast<uint32_t>(v);
  };
  if (auto w = f.IntsAttribute("/", "width"); !w.empty()) info->width = size(w[0], "width");
  if (auto h = f.IntsAttribute("/", "height"); !h.empty()) info->height = size(h[0], "height");
  std::vector<int64_t> res = f.IntsAttribute("/", "sensor_resolution");  // (height, width)
  if (res.size() == 2 && info->width == 0) {
    info->height = size(res[0], "sensor_resolution"), info->width = size(res[1], "sensor_resolution");
  }
  std::string geometry = f.StringAttribute("/", "geometry");  // "640x480"
  if (size_t x = geometry.find('x'); x != std::string::npos && info->width == 0) {
    info->width = size(std::atoll(geometry.c_str()), "geometry");
    info->height = size(std::atoll(geometry.c_str() + x + 1), "geometry");
  }
}

}  // namespace

void RunHdf5(const ParseOptions& options, InputFile& in, RecordSink& sink, RunStats& stats, Counters* totals) {
  if (!in.seekable()) {
    throw UsageError("HDF5 input must be a regular uncompressed file; " + in.name() + " is not one");
  }
  RegisterEcfFilter();
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become our messages, not HDF5's stack dumps
  H5File f(in.name());
  Layout layout;
  std::string format;
  if (f.Exists("/CD/events")) {
    layout = Layout::kProphesee;
    format = "hdf5-prophesee";
  } else if (f.Exists("/events/xs")) {
    layout = Layout::kXsYsTsPs;
    format = "hdf5-xs-ys-ts-ps";
  } else if (f.Exists("/events/x")) {
    layout = Layout::kXytp;
    format = f.Exists("/t_offset") ? "hdf5-dsec" : "hdf5-events";
  } else {
    throw DataError(in.name() + ": an HDF5 file without /events/{x,y,t,p}, /events/{xs,ys,ts,ps} or /CD/events");
  }
  SourceInfo info{format, in.name(), 0, 0};
  SensorSize(f, &info);

  EventDatasets d(f, layout);
  EventTarget target(options, sink, info);
  uint64_t next = 0, length = d.length();
  if (options.time_origin_first && length > 0) target.set_time_origin(d.TimeAt(0, 0));
  const int64_t origin = target.settings().time_origin;
  if (options.filter.time_begin || options.filter.time_end) {
    std::tie(next, length) = TimeWindow(d, options.filter, origin);
  }
  const uint64_t limit = options.filter.limit;
  uint64_t written = 0;
  bool done = false;
  Progress progress(kCommand, length, options.common.progress, options.common.quiet);
  RunOrdered<SlabItem>(
      options.common.threads,
      [&](SlabItem& item) {
        if (next >= length || done) return false;
        item.first = next;
        item.n = static_cast<size_t>(std::min<uint64_t>(kSlabEvents, length - next));
        next += item.n;
        d.ReadSlab(item.first, item.n, &item.raw);
        return true;
      },
      [&](SlabItem& item) { EncodeItem(target, d, origin, item, limit); },
      [&](SlabItem& item) {
        if (done) return;
        if (item.counters.events > limit - written) EncodeItem(target, d, origin, item, limit - written);
        target.Write(target.text_output() ? item.events_text : item.events, item.triggers, item.counters);
        written += item.counters.events;
        if (item.stop || written >= limit) done = true;
        if (!done && item.good < item.n) throw DataError(item.error);
        progress.Update(item.first + item.n);
      });
  progress.Finish();
  WriteTriggers(f, target);
  target.Finish();
  stats.bytes_in = *in.raw_size();
  stats.records_in = target.totals.events + target.totals.filtered;
  *totals = target.totals;
}

}  // namespace recpipe::parse_events
