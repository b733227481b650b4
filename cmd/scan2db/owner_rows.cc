#include "cmd/scan2db/owner_rows.h"

#include <array>
#include <map>

#include "cmd/scan2db/histogram_buckets.h"
#include "cmd/scan2db/scan_time.h"

namespace recpipe::scan2db {

OwnerRows BuildOwnerRows(const OwnerTable& owners, std::optional<int64_t> scan_time_us) {
  // Access days into age buckets, per uid (the days are kept apart until now: the scan date may be the newest
  // time in the listing).
  std::map<uint32_t, std::array<CountAndBytes, kBuckets>> ages;
  if (scan_time_us) {
    const int64_t scan_day = DaysFromMicros(*scan_time_us);
    owners.access_days().ForEach([&](uint32_t uid, int64_t day, const DayCounts::Slot& s) {
      CountAndBytes& bucket = ages[uid][AgeBucket(scan_day - day)];
      bucket.count += s.count;
      bucket.bytes += s.bytes;
    });
  }
  OwnerRows rows;
  for (const auto& [uid, o] : owners.Sorted()) {
    rows.summaries.push_back({uid, o->bytes, o->files, o->directories, o->logical});
    for (int b = 0; b < kBuckets; ++b) {
      if (o->sizes[b].count != 0) rows.sizes.push_back({uid, b, o->sizes[b].count, o->sizes[b].bytes});
    }
    auto age = ages.find(uid);
    if (age == ages.end()) continue;
    for (int b = 0; b < kBuckets; ++b) {
      if (age->second[b].count != 0) rows.ages.push_back({uid, b, age->second[b].count, age->second[b].bytes});
    }
  }
  return rows;
}

}  // namespace recpipe::scan2db
