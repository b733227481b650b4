// HDF5 input, three layouts (found by which datasets exist):
//   /events/{x,y,t,p}       DSEC (t relative to /t_offset, /ms_to_idx a per-millisecond index) or evlib (t in us)
//   /events/{xs,ys,ts,ps}   event_utils / older evlib: ts in float seconds, ps boolean
//   /CD/events              Prophesee: compound {x u16, y u16, p i16, t i64}, /CD/indexes, /EXT_TRIGGER/events;
//                           chunks may be compressed with Prophesee's ECF filter (ecf_codec.h, registered here)
// The reading stage reads slabs of whole chunks through the HDF5 library (which converts types and runs the
// filters); workers turn them into records. A --time window starts with a binary search on t (narrowed by the
// file's own index where there is one) instead of a scan. Times must be sorted, as in every writer of these layouts.
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "cmd/parse_events/ecf_codec.h"
#include "cmd/parse_events/parse_events.h"
#include "lib/error.h"
#include "lib/ordered_pipeline.h"
#include "lib/progress.h"

namespace recpipe::parse_events {
namespace {

constexpr size_t kSlabEvents = 1 << 18;

// An HDF5 identifier closed by the function it was made for.
class Hid {
 public:
  Hid(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;
  ~Hid() {
    if (id_ >= 0) close_(id_);
  }
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

enum class Layout { kXytp, kXsYsTsPs, kProphesee };

struct CdEvent {  // Prophesee's compound, as it is in the file: no conversion on read
  uint16_t x, y;
  int16_t p;
  int64_t t;
};
static_assert(sizeof(CdEvent) == 16);

struct Columns {
  std::vector<uint16_t> x, y;
  std::vector<int64_t> t;
  std::vector<int8_t> p;
  std::vector<double> ts;
  std::vector<CdEvent> cd;
};

struct SlabItem {
  uint64_t first = 0;
  size_t n = 0;
  Columns cols;
  Buffer events, triggers, events_text, triggers_text;
  Counters counters;
  bool stop = false;
};

bool Exists(hid_t file, const char* path) {
  // H5Lexists checks one link at a time: test each prefix.
  std::string p(path);
  for (size_t at = p.find('/', 1);; at = p.find('/', at + 1)) {
    std::string prefix = p.substr(0, at);
    if (H5Lexists(file, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (at == std::string::npos) return true;
  }
}

class H5File {
 public:
  explicit H5File(const std::string& path) : path_(path), file_(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose) {
    if (!file_.ok()) throw DataError(path + ": not a readable HDF5 file");
  }
  hid_t get() const { return file_.get(); }
  const std::string& path() const { return path_; }

  hid_t Open(const char* dataset) const {
    hid_t d = H5Dopen2(file_.get(), dataset, H5P_DEFAULT);
    if (d < 0) throw DataError(path_ + ": cannot open dataset " + dataset);
    return d;
  }
  uint64_t Length(hid_t dataset) const {
    Hid space(H5Dget_space(dataset), H5Sclose);
    if (H5Sget_simple_extent_ndims(space.get()) != 1) throw DataError(path_ + ": event datasets must be 1-D");
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space.get(), &n, nullptr);
    return n;
  }
  // Reads elements [first, first+n) of a 1-D dataset as mem_type into out.
  void Read(hid_t dataset, hid_t mem_type, uint64_t first, size_t n, void* out, const char* what) const {
    if (n == 0) return;
    Hid file_space(H5Dget_space(dataset), H5Sclose);
    hsize_t start = first, count = n;
    H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr);
    Hid mem_space(H5Screate_simple(1, &count, nullptr), H5Sclose);
    if (H5Dread(dataset, mem_type, mem_space.get(), file_space.get(), H5P_DEFAULT, out) < 0) {
      throw DataError(path_ + ": cannot read " + what + " at event " + std::to_string(first) +
                      " (a filter missing, or damage)");
    }
  }
  std::optional<int64_t> IntAttribute(const char* object, const char* name) const {
    if (H5Aexists_by_name(file_.get(), object, name, H5P_DEFAULT) <= 0) return std::nullopt;
    Hid a(H5Aopen_by_name(file_.get(), object, name, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    Hid space(H5Aget_space(a.get()), H5Sclose);
    hssize_t n = H5Sget_simple_extent_npoints(space.get());
    if (n < 1 || n > 16) return std::nullopt;
    std::vector<int64_t> v(static_cast<size_t>(n));
    if (H5Aread(a.get(), H5T_NATIVE_INT64, v.data()) < 0) return std::nullopt;
    return v[0];
  }
  std::vector<int64_t> IntsAttribute(const char* object, const char* name) const {
    std::vector<int64_t> v;
    if (H5Aexists_by_name(file_.get(), object, name, H5P_DEFAULT) <= 0) return v;
    Hid a(H5Aopen_by_name(file_.get(), object, name, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    Hid space(H5Aget_space(a.get()), H5Sclose);
    hssize_t n = H5Sget_simple_extent_npoints(space.get());
    if (n < 1 || n > 16) return v;
    v.resize(static_cast<size_t>(n));
    if (H5Aread(a.get(), H5T_NATIVE_INT64, v.data()) < 0) v.clear();
    return v;
  }
  std::string StringAttribute(const char* object, const char* name) const {
    if (H5Aexists_by_name(file_.get(), object, name, H5P_DEFAULT) <= 0) return {};
    Hid a(H5Aopen_by_name(file_.get(), object, name, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    Hid type(H5Aget_type(a.get()), H5Tclose);
    if (H5Tget_class(type.get()) != H5T_STRING) return {};
    if (H5Tis_variable_str(type.get()) > 0) {
      Hid mem(H5Tcopy(H5T_C_S1), H5Tclose);
      H5Tset_size(mem.get(), H5T_VARIABLE);
      char* s = nullptr;
      if (H5Aread(a.get(), mem.get(), &s) < 0 || !s) return {};
      std::string out(s);
      H5free_memory(s);
      return out;
    }
    std::string out(H5Tget_size(type.get()), '\0');
    if (H5Aread(a.get(), type.get(), out.data()) < 0) return {};
    out.resize(std::strlen(out.c_str()));
    return out;
  }

 private:
  std::string path_;
  Hid file_;
};

hid_t CdType() {
  hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(CdEvent));
  H5Tinsert(t, "x", HOFFSET(CdEvent, x), H5T_NATIVE_UINT16);
  H5Tinsert(t, "y", HOFFSET(CdEvent, y), H5T_NATIVE_UINT16);
  H5Tinsert(t, "p", HOFFSET(CdEvent, p), H5T_NATIVE_INT16);
  H5Tinsert(t, "t", HOFFSET(CdEvent, t), H5T_NATIVE_INT64);
  return t;
}

// One layout's datasets, and how to read a slab of them.
class EventDatasets {
 public:
  EventDatasets(const H5File& f, Layout layout) : f_(f), layout_(layout), cd_type_(CdType(), H5Tclose) {
    if (layout == Layout::kProphesee) {
      cd_ = std::make_unique<Hid>(f.Open("/CD/events"), H5Dclose);
      length_ = f.Length(cd_->get());
      return;
    }
    const bool xs = layout == Layout::kXsYsTsPs;
    x_ = std::make_unique<Hid>(f.Open(xs ? "/events/xs" : "/events/x"), H5Dclose);
    y_ = std::make_unique<Hid>(f.Open(xs ? "/events/ys" : "/events/y"), H5Dclose);
    t_ = std::make_unique<Hid>(f.Open(xs ? "/events/ts" : "/events/t"), H5Dclose);
    p_ = std::make_unique<Hid>(f.Open(xs ? "/events/ps" : "/events/p"), H5Dclose);
    length_ = f.Length(x_->get());
    for (const auto* d : {y_.get(), t_.get(), p_.get()}) {
      if (f.Length(d->get()) != length_) throw DataError(f.path() + ": the event columns differ in length");
    }
    if (Exists(f.get(), "/t_offset")) {
      Hid d(f.Open("/t_offset"), H5Dclose);
      Hid space(H5Dget_space(d.get()), H5Sclose);
      if (H5Dread(d.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, &t_offset_) < 0) {
        throw DataError(f.path() + ": cannot read /t_offset");
      }
    }
  }
  uint64_t length() const { return length_; }
  Layout layout() const { return layout_; }
  int64_t t_offset() const { return t_offset_; }

  void ReadSlab(uint64_t first, size_t n, Columns* c) const {
    if (layout_ == Layout::kProphesee) {
      c->cd.resize(n);
      f_.Read(cd_->get(), cd_type_.get(), first, n, c->cd.data(), "/CD/events");
      return;
    }
    c->x.resize(n);
    c->y.resize(n);
    c->p.resize(n);
    f_.Read(x_->get(), H5T_NATIVE_UINT16, first, n, c->x.data(), "x");
    f_.Read(y_->get(), H5T_NATIVE_UINT16, first, n, c->y.data(), "y");
    f_.Read(p_->get(), H5T_NATIVE_INT8, first, n, c->p.data(), "p");
    if (layout_ == Layout::kXsYsTsPs) {
      c->ts.resize(n);
      f_.Read(t_->get(), H5T_NATIVE_DOUBLE, first, n, c->ts.data(), "ts");
    } else {
      c->t.resize(n);
      f_.Read(t_->get(), H5T_NATIVE_INT64, first, n, c->t.data(), "t");
    }
  }
  // The absolute time of event i (microseconds).
  int64_t TimeAt(uint64_t i) const {
    Columns c;
    if (layout_ == Layout::kProphesee) {
      ReadSlab(i, 1, &c);
      return c.cd[0].t;
    }
    if (layout_ == Layout::kXsYsTsPs) {
      c.ts.resize(1);
      f_.Read(t_->get(), H5T_NATIVE_DOUBLE, i, 1, c.ts.data(), "ts");
      return std::llround(c.ts[0] * 1e6);
    }
    c.t.resize(1);
    f_.Read(t_->get(), H5T_NATIVE_INT64, i, 1, c.t.data(), "t");
    return c.t[0] + t_offset_;
  }

 private:
  const H5File& f_;
  Layout layout_;
  Hid cd_type_;
  std::unique_ptr<Hid> cd_, x_, y_, t_, p_;
  uint64_t length_ = 0;
  int64_t t_offset_ = 0;
};

// The first event with absolute time >= t, by binary search in [lo, hi) (times sorted).
uint64_t LowerBound(const EventDatasets& d, uint64_t lo, uint64_t hi, int64_t t) {
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (d.TimeAt(mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Where a time window starting at absolute time `begin` starts: an index entry narrows the search when the file
// has one (DSEC /ms_to_idx, Prophesee /CD/indexes), checked before it is trusted.
uint64_t SeekTime(const H5File& f, const EventDatasets& d, int64_t begin) {
  uint64_t lo = 0, hi = d.length();
  auto read_index = [&](const char* path, hid_t type, size_t elem, std::vector<char>* out) -> size_t {
    if (!Exists(f.get(), path)) return 0;
    Hid ds(f.Open(path), H5Dclose);
    uint64_t n = f.Length(ds.get());
    if (n == 0 || n > (uint64_t{1} << 26)) return 0;
    out->resize(n * elem);
    f.Read(ds.get(), type, 0, n, out->data(), path);
    return n;
  };
  std::vector<char> raw;
  if (d.layout() == Layout::kXytp) {
    size_t n = read_index("/ms_to_idx", H5T_NATIVE_UINT64, 8, &raw);
    int64_t rel = begin - d.t_offset();
    if (n > 0 && rel > 0) {
      // ms_to_idx[i]: the first event with relative t >= i ms.
      size_t ms = static_cast<size_t>(std::min<int64_t>(rel / 1000, static_cast<int64_t>(n) - 1));
      uint64_t idx = Load<uint64_t>(raw.data() + ms * 8);
      if (idx <= hi) lo = idx;
    }
  } else if (d.layout() == Layout::kProphesee) {
    struct Entry {
      uint64_t id;
      int64_t ts;
    };
    Hid type(H5Tcreate(H5T_COMPOUND, sizeof(Entry)), H5Tclose);
    H5Tinsert(type.get(), "id", HOFFSET(Entry, id), H5T_NATIVE_UINT64);
    H5Tinsert(type.get(), "ts", HOFFSET(Entry, ts), H5T_NATIVE_INT64);
    size_t n = read_index("/CD/indexes", type.get(), sizeof(Entry), &raw);
    const int64_t offset = std::atoll(f.StringAttribute("/CD/indexes", "offset").c_str());
    for (size_t i = n; i-- > 0;) {
      Entry e;
      std::memcpy(&e, raw.data() + i * sizeof(Entry), sizeof e);
      if (e.ts + offset <= begin && e.id <= hi) {
        lo = e.id;
        break;
      }
    }
  }
  // The index is a hint: every event before lo must be earlier than begin, or search from the start.
  if (lo > 0 && d.TimeAt(lo - 1) >= begin) lo = 0;
  return LowerBound(d, lo, hi, begin);
}

template <Layout kLayout, bool kFilter>
void EncodeSlab(const Columns& c, size_t n, int64_t t_offset, EventOutput& out) {
  const int8_t* pol = out.polarity_map();
  const int64_t shift = t_offset - out.origin();
  char* p = out.Reserve(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t t;
    uint32_t x, y, p01;
    if constexpr (kLayout == Layout::kProphesee) {
      const CdEvent& e = c.cd[i];
      t = e.t + shift, x = e.x, y = e.y, p01 = e.p > 0;
    } else if constexpr (kLayout == Layout::kXsYsTsPs) {
      t = std::llround(c.ts[i] * 1e6) + shift, x = c.x[i], y = c.y[i], p01 = c.p[i] > 0;
    } else {
      t = c.t[i] + shift, x = c.x[i], y = c.y[i], p01 = c.p[i] > 0;
    }
    if constexpr (kFilter) {
      out.TimeFloor(t);
      if (out.stop || !out.Keep(t, x, y, p01, p)) {
        if (out.stop) break;
        continue;
      }
    }
    p = PutEvent(p, t, x, y, pol[p01]);
  }
  out.Commit(p);
}

template <Layout kLayout>
void Encode(const Columns& c, size_t n, int64_t t_offset, EventOutput& out) {
  if (out.settings().filter.active()) EncodeSlab<kLayout, true>(c, n, t_offset, out);
  else EncodeSlab<kLayout, false>(c, n, t_offset, out);
}

void EncodeItem(EventTarget& target, Layout layout, int64_t t_offset, SlabItem& item, uint64_t limit) {
  item.events.clear();
  item.triggers.clear();
  EventOutput out(target.settings(), &item.events, &item.triggers, limit);
  switch (layout) {
    case Layout::kProphesee: Encode<Layout::kProphesee>(item.cols, item.n, t_offset, out); break;
    case Layout::kXsYsTsPs: Encode<Layout::kXsYsTsPs>(item.cols, item.n, t_offset, out); break;
    case Layout::kXytp: Encode<Layout::kXytp>(item.cols, item.n, t_offset, out); break;
  }
  out.Finish();
  item.counters = out.counters;
  item.stop = out.stop;
  if (target.text_output()) {
    item.events_text.clear();
    target.RenderEvents(item.events, &item.events_text);
  }
}

// Prophesee's /EXT_TRIGGER/events {p i16, t i64, id i16}: small, read on this thread after the events.
void WriteTriggers(const H5File& f, EventTarget& target) {
  if (!Exists(f.get(), "/EXT_TRIGGER/events")) return;
  struct Trig {
    int16_t p;
    int64_t t;
    int16_t id;
  };
  Hid type(H5Tcreate(H5T_COMPOUND, sizeof(Trig)), H5Tclose);
  H5Tinsert(type.get(), "p", HOFFSET(Trig, p), H5T_NATIVE_INT16);
  H5Tinsert(type.get(), "t", HOFFSET(Trig, t), H5T_NATIVE_INT64);
  H5Tinsert(type.get(), "id", HOFFSET(Trig, id), H5T_NATIVE_INT16);
  Hid ds(f.Open("/EXT_TRIGGER/events"), H5Dclose);
  const uint64_t n = f.Length(ds.get());
  std::vector<Trig> v;
  Buffer events, triggers, text;
  for (uint64_t first = 0; first < n; first += kSlabEvents) {
    size_t k = static_cast<size_t>(std::min<uint64_t>(kSlabEvents, n - first));
    v.resize(k);
    f.Read(ds.get(), type.get(), first, k, v.data(), "/EXT_TRIGGER/events");
    triggers.clear();
    EventOutput out(target.settings(), &events, &triggers, 0);
    for (const Trig& tr : v) {
      out.Trigger(tr.t - target.settings().time_origin, static_cast<uint8_t>(tr.id), tr.p > 0);
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
  if (Exists(f.get(), "/CD/events")) {
    layout = Layout::kProphesee;
    format = "hdf5-prophesee";
  } else if (Exists(f.get(), "/events/xs")) {
    layout = Layout::kXsYsTsPs;
    format = "hdf5-xs-ys-ts-ps";
  } else if (Exists(f.get(), "/events/x")) {
    layout = Layout::kXytp;
    format = Exists(f.get(), "/t_offset") ? "hdf5-dsec" : "hdf5-events";
  } else {
    throw DataError(in.name() + ": an HDF5 file without /events/{x,y,t,p}, /events/{xs,ys,ts,ps} or /CD/events");
  }
  SourceInfo info{format, in.name(), 0, 0};
  if (auto w = f.IntAttribute("/", "width")) info.width = static_cast<uint32_t>(*w);
  if (auto h = f.IntAttribute("/", "height")) info.height = static_cast<uint32_t>(*h);
  std::vector<int64_t> res = f.IntsAttribute("/", "sensor_resolution");  // (height, width)
  if (res.size() == 2 && info.width == 0) info.height = static_cast<uint32_t>(res[0]), info.width = static_cast<uint32_t>(res[1]);
  std::string geometry = f.StringAttribute("/", "geometry");  // "640x480"
  if (size_t x = geometry.find('x'); x != std::string::npos && info.width == 0) {
    info.width = static_cast<uint32_t>(std::atoi(geometry.c_str()));
    info.height = static_cast<uint32_t>(std::atoi(geometry.c_str() + x + 1));
  }

  EventDatasets d(f, layout);
  EventTarget target(options, sink, info);
  const uint64_t length = d.length();
  if (options.time_origin_first && length > 0) target.set_time_origin(d.TimeAt(0));
  uint64_t next = 0;
  if (options.filter.time_begin) next = SeekTime(f, d, *options.filter.time_begin + target.settings().time_origin);
  const int64_t t_offset = d.t_offset();
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
        d.ReadSlab(item.first, item.n, &item.cols);
        return true;
      },
      [&](SlabItem& item) { EncodeItem(target, layout, t_offset, item, limit); },
      [&](SlabItem& item) {
        if (done) return;
        if (item.counters.events > limit - written) EncodeItem(target, layout, t_offset, item, limit - written);
        target.Write(target.text_output() ? item.events_text : item.events, item.triggers, item.counters);
        written += item.counters.events;
        if (item.stop || written >= limit) done = true;
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
