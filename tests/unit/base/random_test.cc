#include "base/random.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace cam::base {
namespace {

bool IsLowerHex(const std::string& s) {
  return std::ranges::all_of(
      s, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

TEST(RandomTest, FillRandomFillsEveryByteEventually) {
  // 64 bytes all zero after a fill would happen with probability 2^-512.
  std::array<uint8_t, 64> bytes{};
  FillRandom(bytes);
  bool any_nonzero = false;
  for (const uint8_t b : bytes) any_nonzero = any_nonzero || b != 0;
  EXPECT_TRUE(any_nonzero);
}

TEST(RandomTest, RequestIdsAre32HexCharactersAndDistinctAcrossThreads) {
  // Several refills of the per-thread buffer (16 ids each) on several threads at once.
  constexpr int kThreads = 4;
  constexpr int kPerThread = 2000;
  std::vector<std::vector<std::string>> ids(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&ids, t] {
      for (int i = 0; i < kPerThread; ++i) ids[t].push_back(NewRequestId());
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::string> seen;
  for (const auto& list : ids) {
    for (const std::string& id : list) {
      ASSERT_EQ(id.size(), 32u);
      ASSERT_TRUE(IsLowerHex(id)) << id;
      seen.insert(id);
    }
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kThreads * kPerThread));
}

TEST(RandomTest, ForkedChildDoesNotRepeatTheParentsNextIds) {
  // The parent's buffer holds unread bytes after this id; a child that inherited them would
  // hand out the same ids the parent hands out next.
  ASSERT_EQ(NewRequestId().size(), 32u);
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    std::string ids;
    for (int i = 0; i < 4; ++i) ids += NewRequestId();
    const bool written =
        write(pipe_fds[1], ids.data(), ids.size()) == static_cast<ssize_t>(ids.size());
    _exit(written ? 0 : 1);
  }
  close(pipe_fds[1]);
  std::string parent_ids;
  for (int i = 0; i < 4; ++i) parent_ids += NewRequestId();
  std::string child_ids(parent_ids.size(), '\0');
  size_t got = 0;
  while (got < child_ids.size()) {
    const ssize_t n = read(pipe_fds[0], child_ids.data() + got, child_ids.size() - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_EQ(got, child_ids.size());
  for (size_t i = 0; i < parent_ids.size(); i += 32) {
    EXPECT_EQ(child_ids.find(parent_ids.substr(i, 32)), std::string::npos) << i / 32;
  }
}

}  // namespace
}  // namespace cam::base
