// Writes small HDF5 files for the parse-events tests, with exactly the types and values a test names (including
// the ones no writer should produce), through the HDF5 C API:
//
//   parse_events_h5_write OUT.h5 DATASET TYPE VALUES [DATASET TYPE VALUES]...
//
// TYPE: u8 u16 u32 u64 i8 i16 i32 i64 f32 f64, bool (an enum of i8 FALSE/TRUE, as h5py writes booleans), a compound
// {NAME:TYPE,...} (members packed in that order), or scalar:TYPE for a dataset of one number without dimensions.
// VALUES: numbers separated by commas (integers are read exactly; floats by strtod, so nan and 1e300 work); for a
// compound, records separated by ';' with their members separated by commas. Groups are created as needed.
#include <hdf5.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "parse_events_h5_write: %s\n", message.c_str());
  std::exit(2);
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t at; (at = s.find(sep, start)) != std::string::npos; start = at + 1)
    out.push_back(s.substr(start, at - start));
  out.push_back(s.substr(start));
  return out;
}

struct Scalar {
  hid_t type;  // native
  size_t size;
  char kind;  // 'u', 'i', 'f'
};

Scalar ScalarNamed(const std::string& name) {
  if (name == "u8") return {H5T_NATIVE_UINT8, 1, 'u'};
  if (name == "u16") return {H5T_NATIVE_UINT16, 2, 'u'};
  if (name == "u32") return {H5T_NATIVE_UINT32, 4, 'u'};
  if (name == "u64") return {H5T_NATIVE_UINT64, 8, 'u'};
  if (name == "i8") return {H5T_NATIVE_INT8, 1, 'i'};
  if (name == "i16") return {H5T_NATIVE_INT16, 2, 'i'};
  if (name == "i32") return {H5T_NATIVE_INT32, 4, 'i'};
  if (name == "i64") return {H5T_NATIVE_INT64, 8, 'i'};
  if (name == "f32") return {H5T_NATIVE_FLOAT, 4, 'f'};
  if (name == "f64") return {H5T_NATIVE_DOUBLE, 8, 'f'};
  if (name == "bool") {
    hid_t t = H5Tenum_create(H5T_NATIVE_INT8);
    int8_t no = 0, yes = 1;
    H5Tenum_insert(t, "FALSE", &no);
    H5Tenum_insert(t, "TRUE", &yes);
    return {t, 1, 'i'};
  }
  Die("unknown type '" + name + "'");
}

void Put(const Scalar& s, const std::string& text, char* out) {
  char* end = nullptr;
  if (s.kind == 'f') {
    double v = std::strtod(text.c_str(), &end);
    if (s.size == 4) {
      float f = static_cast<float>(v);
      std::memcpy(out, &f, 4);
    } else {
      std::memcpy(out, &v, 8);
    }
  } else if (s.kind == 'u') {
    unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    std::memcpy(out, &v, s.size);  // little-endian: the low bytes
  } else {
    long long v = std::strtoll(text.c_str(), &end, 10);
    std::memcpy(out, &v, s.size);
  }
  if (end == text.c_str() || *end != '\0') Die("'" + text + "' is not a number");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5 || (argc - 2) % 3 != 0) Die("usage: OUT.h5 DATASET TYPE VALUES [DATASET TYPE VALUES]...");
  hid_t file = H5Fcreate(argv[1], H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file < 0) Die(std::string("cannot create ") + argv[1]);
  hid_t links = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(links, 1);
  for (int a = 2; a < argc; a += 3) {
    std::string path = argv[a], type_name = argv[a + 1], values = argv[a + 2];
    const bool scalar = type_name.rfind("scalar:", 0) == 0;
    if (scalar) type_name = type_name.substr(7);
    std::vector<Scalar> members;
    std::vector<std::string> names;
    hid_t type;
    size_t size = 0;
    if (!type_name.empty() && type_name.front() == '{' && type_name.back() == '}') {
      for (const std::string& m : Split(type_name.substr(1, type_name.size() - 2), ',')) {
        size_t colon = m.find(':');
        if (colon == std::string::npos) Die("a member needs NAME:TYPE: '" + m + "'");
        names.push_back(m.substr(0, colon));
        members.push_back(ScalarNamed(m.substr(colon + 1)));
        size += members.back().size;
      }
      type = H5Tcreate(H5T_COMPOUND, size);
      size_t offset = 0;
      for (size_t i = 0; i < members.size(); ++i) {
        H5Tinsert(type, names[i].c_str(), offset, members[i].type);
        offset += members[i].size;
      }
    } else {
      members.push_back(ScalarNamed(type_name));
      type = members[0].type;
      size = members[0].size;
    }
    std::vector<std::string> records = Split(values, members.size() > 1 || !names.empty() ? ';' : ',');
    std::vector<char> data(records.size() * size);
    for (size_t r = 0; r < records.size(); ++r) {
      std::vector<std::string> fields = names.empty() ? std::vector<std::string>{records[r]} : Split(records[r], ',');
      if (fields.size() != members.size()) Die("record '" + records[r] + "' has the wrong number of members");
      size_t offset = r * size;
      for (size_t i = 0; i < members.size(); ++i) {
        Put(members[i], fields[i], data.data() + offset);
        offset += members[i].size;
      }
    }
    hsize_t n = records.size();
    if (scalar && n != 1) Die("a scalar dataset takes one value");
    hid_t space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, nullptr);
    hid_t d = H5Dcreate2(file, path.c_str(), type, space, links, H5P_DEFAULT, H5P_DEFAULT);
    if (d < 0 || H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0) Die("cannot write " + path);
    H5Dclose(d);
    H5Sclose(space);
  }
  H5Pclose(links);
  if (H5Fclose(file) < 0) Die(std::string("cannot close ") + argv[1]);
  return 0;
}
