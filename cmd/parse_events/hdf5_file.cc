#include "cmd/parse_events/hdf5_file.h"

#include <cstring>

#include "lib/error.h"

namespace recpipe::parse_events {
namespace {

// What a numeric HDF5 type is; a boolean (h5py's enum of FALSE and TRUE) is its integer base type.
std::optional<NumberType> NumberTypeOf(hid_t type) {
  switch (H5Tget_class(type)) {
    case H5T_ENUM: {
      Hid base(H5Tget_super(type), H5Tclose);
      return base.ok() ? NumberTypeOf(base.get()) : std::nullopt;
    }
    case H5T_INTEGER: {
      const size_t size = H5Tget_size(type);
      if (size != 1 && size != 2 && size != 4 && size != 8) return std::nullopt;
      return NumberType{H5Tget_sign(type) == H5T_SGN_NONE ? NumberKind::kUnsigned : NumberKind::kSigned, size};
    }
    case H5T_FLOAT: {
      const size_t size = H5Tget_size(type);
      if (size != 4 && size != 8) return std::nullopt;
      return NumberType{NumberKind::kFloat, size};
    }
    default: return std::nullopt;
  }
}

}  // namespace

std::string NumberField::Where(uint64_t index) const {
  return dataset->path + "[" + std::to_string(index) + "]" + (member.empty() ? "" : "." + member);
}

H5File::H5File(const std::string& path)
    : path_(path), file_(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose) {
  if (!file_.ok()) throw DataError(path + ": not a readable HDF5 file");
}

bool H5File::Exists(const char* path) const {
  // H5Lexists checks one link at a time: test each prefix.
  std::string p(path);
  for (size_t at = p.find('/', 1);; at = p.find('/', at + 1)) {
    std::string prefix = p.substr(0, at);
    if (H5Lexists(file_.get(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (at == std::string::npos) return true;
  }
}

StoredDataset H5File::Open(const char* path) const {
  StoredDataset d;
  d.path = path;
  d.dataset = std::make_unique<Hid>(H5Dopen2(file_.get(), path, H5P_DEFAULT), H5Dclose);
  if (!d.dataset->ok()) throw DataError(path_ + ": cannot open dataset " + path);
  Hid space(H5Dget_space(d.dataset->get()), H5Sclose);
  hsize_t n = 0;
  if (H5Sget_simple_extent_ndims(space.get()) > 1) throw DataError(path_ + ": " + path + " is not 1-D");
  if (H5Sget_simple_extent_ndims(space.get()) == 1)
    H5Sget_simple_extent_dims(space.get(), &n, nullptr);
  else
    n = static_cast<hsize_t>(H5Sget_simple_extent_npoints(space.get()));  // a scalar: one element
  d.length = n;
  Hid file_type(H5Dget_type(d.dataset->get()), H5Tclose);
  d.mem_type = std::make_unique<Hid>(H5Tget_native_type(file_type.get(), H5T_DIR_ASCEND), H5Tclose);
  if (!d.mem_type->ok()) throw DataError(path_ + ": " + path + " has a type with no native form");
  d.size = H5Tget_size(d.mem_type->get());
  return d;
}

NumberField H5File::Field(const StoredDataset& d, const char* member) const {
  NumberField f;
  f.dataset = &d;
  std::optional<NumberType> type;
  if (member == nullptr) {
    type = NumberTypeOf(d.mem_type->get());
  } else {
    f.member = member;
    const int i = H5Tget_class(d.mem_type->get()) == H5T_COMPOUND ? H5Tget_member_index(d.mem_type->get(), member) : -1;
    if (i < 0) throw DataError(path_ + ": " + d.path + " has no member '" + member + "'");
    f.offset = H5Tget_member_offset(d.mem_type->get(), static_cast<unsigned>(i));
    Hid t(H5Tget_member_type(d.mem_type->get(), static_cast<unsigned>(i)), H5Tclose);
    type = NumberTypeOf(t.get());
  }
  if (!type) {
    throw DataError(path_ + ": " + d.path + (member ? std::string(".") + member : "") +
                    " is not a number type (integers of 1 to 8 bytes, floats of 4 or 8)");
  }
  f.type = *type;
  return f;
}

void H5File::Read(const StoredDataset& d, uint64_t first, size_t n, std::vector<char>* raw) const {
  raw->resize(n * d.size);
  if (n == 0) return;
  Hid file_space(H5Dget_space(d.dataset->get()), H5Sclose);
  hsize_t start = first, count = n;
  if (H5Sget_simple_extent_ndims(file_space.get()) == 1) {
    H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr);
  }
  Hid mem_space(H5Screate_simple(1, &count, nullptr), H5Sclose);
  if (H5Dread(d.dataset->get(), d.mem_type->get(), mem_space.get(), file_space.get(), H5P_DEFAULT, raw->data()) < 0) {
    throw DataError(path_ + ": cannot read " + d.path + " at element " + std::to_string(first) +
                    " (a filter missing, or damage)");
  }
}

std::vector<int64_t> H5File::IntsAttribute(const char* object, const char* name) const {
  std::vector<int64_t> v;
  if (H5Aexists_by_name(file_.get(), object, name, H5P_DEFAULT) <= 0) return v;
  Hid a(H5Aopen_by_name(file_.get(), object, name, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  Hid type(H5Aget_type(a.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_INTEGER) return v;
  Hid space(H5Aget_space(a.get()), H5Sclose);
  hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 1 || n > 16) return v;
  v.resize(static_cast<size_t>(n));
  if (H5Aread(a.get(), H5T_NATIVE_INT64, v.data()) < 0) v.clear();
  return v;
}

std::string H5File::StringAttribute(const char* object, const char* name) const {
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

}  // namespace recpipe::parse_events
