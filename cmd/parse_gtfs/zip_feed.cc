// A feed in a zip, read with libzip: its central directory lists the entries, so a file left out by --tables is
// never inflated, and each entry streams through ISA-L's inflate (or libzip's, for what is not deflated) in
// constant memory. Several entries may be read at once, on different threads.
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>

#include "cmd/parse_gtfs/deflate_source.h"
#include "cmd/parse_gtfs/feed_source.h"
#include "cmd/parse_gtfs/feed_sources.h"
#include "cmd/parse_gtfs/gtfs_reference.h"
#include "lib/error.h"

namespace recpipe::parse_gtfs {
namespace {

constexpr int kMaxNesting = 2;  // a zip in a zip in a zip is as deep as we go

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

std::string ZipErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

bool EndsWith(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && std::equal(tail.rbegin(), tail.rend(), s.rbegin());
}

std::string ToLower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return s;
}

// libzip lets one thread at a time use an archive and the files open in it; entries are inflated on several
// threads (block_prefetch.h), so each takes the archive's lock to read compressed bytes, which is quick: the
// inflating, the slow part, runs outside it (deflate_source.h).
class ZipEntrySource : public ByteSource {
 public:
  ZipEntrySource(zip_file_t* file, std::string path, std::mutex* archive)
      : file_(file), path_(std::move(path)), archive_(archive) {}
  ~ZipEntrySource() override {
    std::lock_guard<std::mutex> lock(*archive_);
    file_.reset();
  }
  size_t Read(char* buf, size_t n) override {
    std::lock_guard<std::mutex> lock(*archive_);
    zip_int64_t got = zip_fread(file_.get(), buf, n);
    if (got < 0) throw DataError(path_ + ": " + zip_file_strerror(file_.get()));
    return static_cast<size_t>(got);
  }

 private:
  std::unique_ptr<zip_file_t, ZipFileCloser> file_;
  std::string path_;
  std::mutex* archive_;
};

class ZipFeed : public Feed {
 public:
  ZipFeed(std::string name, std::string bytes) : name_(std::move(name)), bytes_(std::move(bytes)) {
    int code = 0;
    zip_t* z = nullptr;
    if (bytes_.empty()) {
      z = zip_open(name_.c_str(), ZIP_RDONLY, &code);
    } else {
      zip_error_t error;
      zip_error_init(&error);
      zip_source_t* src = zip_source_buffer_create(bytes_.data(), bytes_.size(), 0, &error);
      if (src != nullptr) {
        z = zip_open_from_source(src, ZIP_RDONLY, &error);
        if (z == nullptr) zip_source_free(src);
      }
      code = zip_error_code_zip(&error);
      zip_error_fini(&error);
    }
    if (z == nullptr) {
      throw DataError(name_ + ": " +
                      (code == ZIP_ER_NOZIP ? std::string("not a zip file nor a folder") : ZipErrorText(code)));
    }
    zip_.reset(z);
  }

  // Lists the entries and picks the feed's folder: the root when it holds a .txt file, else the shallowest folder
  // that does (one holding a file of the reference wins a tie).
  void List() {
    std::vector<FeedEntry> all;
    const zip_int64_t n = zip_get_num_entries(zip_.get(), 0);
    for (zip_int64_t i = 0; i < n; ++i) {
      zip_stat_t st;
      if (zip_stat_index(zip_.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0) {
        throw DataError(name_ + ": " + zip_strerror(zip_.get()));
      }
      std::string path = st.name;
      if (path.empty() || path.back() == '/') continue;  // a folder
      if (path.rfind("__MACOSX/", 0) == 0) continue;     // macOS resource forks, not files of the feed
      // Deflated, unencrypted entries are inflated with ISA-L (deflate_source.h); others through libzip.
      const bool deflated = (st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method == ZIP_CM_DEFLATE &&
                            (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method == ZIP_EM_NONE &&
                            (st.valid & ZIP_STAT_CRC) && (st.valid & ZIP_STAT_SIZE);
      if (deflated) crc_of_deflated_[static_cast<size_t>(i)] = st.crc;
      FeedEntry e;
      e.path = path;
      e.size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
      e.handle = static_cast<size_t>(i);
      all.push_back(std::move(e));
    }
    std::string folder;
    size_t best_depth = SIZE_MAX;
    bool best_known = false;
    for (const FeedEntry& e : all) {
      if (!EndsWith(ToLower(e.path), ".txt")) continue;
      size_t slash = e.path.rfind('/');
      std::string dir = slash == std::string::npos ? "" : e.path.substr(0, slash + 1);
      size_t depth = static_cast<size_t>(std::count(dir.begin(), dir.end(), '/'));
      std::string base = e.path.substr(dir.size());
      bool known = FindFileSpec(base.substr(0, base.size() - 4)) != nullptr;
      if (depth < best_depth || (depth == best_depth && known && !best_known)) {
        folder = dir, best_depth = depth, best_known = known;
      }
    }
    for (const FeedEntry& e : all) {
      if (best_depth != SIZE_MAX && e.path.rfind(folder, 0) == 0 &&
          e.path.find('/', folder.size()) == std::string::npos) {
        FeedEntry copy = e;
        copy.name = e.path.substr(folder.size());
        copy.path = name_ + "/" + e.path;
        entries_.push_back(std::move(copy));
      } else {
        outside_.push_back(name_ + "/" + e.path);
      }
    }
    if (best_depth == SIZE_MAX) outside_.clear();
    all_ = std::move(all);
  }

  // The one .zip entry of a zip without .txt files, if there is exactly one.
  const FeedEntry* InnerZip() const {
    if (!entries_.empty()) return nullptr;
    const FeedEntry* found = nullptr;
    for (const FeedEntry& e : all_) {
      if (!EndsWith(ToLower(e.path), ".zip")) continue;
      if (found != nullptr) return nullptr;
      found = &e;
    }
    return found;
  }

  std::string ReadWhole(const FeedEntry& e) {
    std::unique_ptr<ByteSource> src = OpenHandle(e.handle, name_ + "/" + e.path, e.size);
    std::string bytes(static_cast<size_t>(e.size), '\0');
    size_t got = 0;
    for (;;) {
      if (got == bytes.size()) bytes.resize(bytes.size() * 2 + 4096);
      size_t k = src->Read(bytes.data() + got, bytes.size() - got);
      if (k == 0) break;
      got += k;
    }
    bytes.resize(got);
    return bytes;
  }

  std::unique_ptr<ByteSource> Open(const FeedEntry& entry) override {
    return OpenHandle(entry.handle, entry.path, entry.size);
  }

  const std::string& name() const { return name_; }

 private:
  std::unique_ptr<ByteSource> OpenHandle(size_t handle, const std::string& path, uint64_t size) {
    auto deflated = crc_of_deflated_.find(handle);
    std::unique_ptr<ZipEntrySource> source;
    {
      std::lock_guard<std::mutex> lock(archive_);
      zip_file_t* f = zip_fopen_index(zip_.get(), handle, deflated != crc_of_deflated_.end() ? ZIP_FL_COMPRESSED : 0);
      if (f == nullptr) throw DataError(path + ": " + zip_strerror(zip_.get()));
      source = std::make_unique<ZipEntrySource>(f, path, &archive_);
    }
    if (deflated == crc_of_deflated_.end()) return source;
    return MakeDeflateSource(std::move(source), deflated->second, size, path);
  }

  std::string name_;
  std::string bytes_;  // the zip itself, when it came from standard input or from another zip
  std::unique_ptr<zip_t, ZipCloser> zip_;
  std::mutex archive_;  // held while libzip runs: see ZipEntrySource
  std::vector<FeedEntry> all_;
  std::map<size_t, uint32_t> crc_of_deflated_;  // entry number -> CRC-32, for the entries ISA-L inflates
};

std::string ReadStandardInput() {
  std::string bytes;
  char buf[1 << 16];
  for (;;) {
    ssize_t k = ::read(0, buf, sizeof buf);
    if (k < 0) {
      if (errno == EINTR) continue;
      ThrowSystemError("-", errno);
    }
    if (k == 0) break;
    bytes.append(buf, static_cast<size_t>(k));
  }
  if (bytes.empty()) throw DataError("-: empty standard input, not a zip file");
  return bytes;
}

}  // namespace

std::unique_ptr<Feed> OpenZipFeed(const std::string& name, std::string bytes, int depth) {
  auto feed = std::make_unique<ZipFeed>(name, std::move(bytes));
  feed->List();
  if (const FeedEntry* inner = feed->InnerZip(); inner != nullptr && depth < kMaxNesting) {
    std::string inner_bytes = feed->ReadWhole(*inner);
    std::string inner_name = name + "/" + inner->path;
    return OpenZipFeed(inner_name, std::move(inner_bytes), depth + 1);
  }
  return feed;
}

std::unique_ptr<Feed> OpenFeed(const std::string& path) {
  if (path == "-") return OpenZipFeed("-", ReadStandardInput());
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return OpenFolderFeed(path);
  if (!std::filesystem::exists(path, ec)) ThrowSystemError(path, ENOENT);
  return OpenZipFeed(path, {});
}

}  // namespace recpipe::parse_gtfs
