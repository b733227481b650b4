// Reading HDF5 files through the C API: identifiers closed by their own function, a file opened read-only, and
// 1-D datasets read in the native form of the file's own type, so that HDF5 converts nothing that could change a
// value (hdf5_values.h converts them, exactly or not at all). Not thread-safe: Debian's HDF5 is not built so.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cmd/parse_events/hdf5_values.h"

namespace recpipe::parse_events {

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

// A 1-D dataset and the native type it is read in: elements of `size` bytes.
struct StoredDataset {
  std::string path;
  std::unique_ptr<Hid> dataset, mem_type;
  size_t size = 0;
  uint64_t length = 0;
};

// A column of numbers: a whole dataset of numbers, or one member of a dataset of compounds.
struct NumberField {
  const StoredDataset* dataset = nullptr;
  std::string member;  // empty for a dataset of numbers
  size_t offset = 0;   // of the member in an element
  NumberType type;

  // "/events/x[7]" or "/CD/events[7].x", for messages.
  std::string Where(uint64_t index) const;
  // The column within raw elements read from the dataset, from element `at` on.
  NumberColumn In(const std::vector<char>& raw, size_t at = 0) const {
    return {raw.data() + at * dataset->size + offset, dataset->size, type};
  }
};

class H5File {
 public:
  explicit H5File(const std::string& path);
  hid_t get() const { return file_.get(); }
  const std::string& path() const { return path_; }

  bool Exists(const char* path) const;
  // Throws DataError when the dataset is missing or not 1-D.
  StoredDataset Open(const char* path) const;
  // The numbers of a dataset of numbers (member empty) or of one member of a dataset of compounds.
  NumberField Field(const StoredDataset& d, const char* member = nullptr) const;
  // Elements [first, first + n) of d, as stored, into *raw.
  void Read(const StoredDataset& d, uint64_t first, size_t n, std::vector<char>* raw) const;

  // Attributes of `object`, when present and of the expected kind.
  std::vector<int64_t> IntsAttribute(const char* object, const char* name) const;
  std::string StringAttribute(const char* object, const char* name) const;

 private:
  std::string path_;
  Hid file_;
};

}  // namespace recpipe::parse_events
