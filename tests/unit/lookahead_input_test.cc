// LookAheadInput: peeked bytes are read again, bytes handed back come first, and every byte of the input is read
// exactly once from it, from a pipe as from a file.
#include "lib/lookahead_input.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "lib/input_file.h"

namespace recpipe {
namespace {

std::string Bytes(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i * 7 % 26);
  return s;
}

// Feeds `bytes` through a pipe and runs `use` on a LookAheadInput reading its other end.
template <typename Use>
void ThroughPipe(const std::string& bytes, Use use) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::thread writer([&] {
    for (size_t at = 0; at < bytes.size();) {
      ssize_t k = write(fds[1], bytes.data() + at, bytes.size() - at);
      if (k <= 0) break;
      at += static_cast<size_t>(k);
    }
    close(fds[1]);
  });
  {
    std::unique_ptr<InputFile> in = InputFile::Open("/dev/fd/" + std::to_string(fds[0]));
    LookAheadInput ahead(*in);
    use(ahead);
  }
  close(fds[0]);
  writer.join();
}

TEST(LookAheadInput, PeekedAndHandedBackBytesAreReadAgain) {
  const std::string all = Bytes(300000);  // more than one 64 KiB step of Peek
  ThroughPipe(all, [&](LookAheadInput& ahead) {
    std::string got(10, '\0');
    ASSERT_EQ(ahead.Read(got.data(), 10), 10u);
    EXPECT_EQ(got, all.substr(0, 10));
    EXPECT_EQ(ahead.Peek(100000), all.substr(10, 100000));
    ahead.Skip(5);
    ahead.Unread(all.substr(0, 15));  // back to the start
    EXPECT_EQ(ahead.Peek(20), all.substr(0, 20));
    ahead.Skip(1);
    ahead.Unread(all.substr(0, 1));  // fits in front of the buffer
    std::string rest(all.size() + 10, '\0');
    EXPECT_EQ(ahead.Read(rest.data(), rest.size()), all.size());
    rest.resize(all.size());
    EXPECT_EQ(rest, all);
    EXPECT_EQ(ahead.bytes_from_input(), all.size());
    EXPECT_EQ(ahead.Peek(24), "");  // at the end
  });
}

TEST(LookAheadInput, PeekPastTheEndGivesWhatThereIs) {
  const std::string all = Bytes(1000);
  ThroughPipe(all, [&](LookAheadInput& ahead) {
    EXPECT_EQ(ahead.Peek(size_t{1} << 30), all);  // a damaged length asking for a gigabyte costs what there is
    ahead.Skip(999);
    char c = 0;
    EXPECT_EQ(ahead.Read(&c, 1), 1u);
    EXPECT_EQ(c, all.back());
    EXPECT_EQ(ahead.Read(&c, 1), 0u);
  });
}

}  // namespace
}  // namespace recpipe
