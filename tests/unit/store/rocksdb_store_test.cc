// File: tests/unit/store/rocksdb_store_test.cc
// What only the RocksDB store promises beyond the conformance suite: data outlives the process,
// including a kill -9 in the middle of synced writes, and errors carry no file paths.
#include "store/rocksdb/rocksdb_store.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/store/crash_writer_protocol.h"
#include "tests/unit/store/store_test_util.h"

namespace cam::store {
namespace {

using ::cam::store::testing::Dump;
using ::cam::store::testing::TempDir;
using ::cam::testing::IsOk;
using ::cam::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;

class RocksDbStoreTest : public ::testing::Test {
 protected:
  std::string DbPath() const { return dir_.path() + "/db"; }

  std::unique_ptr<Store> OpenOrDie(const RocksDbOptions& options = {}) {
    absl::StatusOr<std::unique_ptr<Store>> store = RocksDbStore::Open(DbPath(), options);
    EXPECT_THAT(store.status(), IsOk());
    return store.ok() ? *std::move(store) : nullptr;
  }

  TempDir dir_;
};

TEST_F(RocksDbStoreTest, DataPersistsAcrossCloseAndReopen) {
  {
    std::unique_ptr<Store> store = OpenOrDie();
    ASSERT_NE(store, nullptr);
    ASSERT_THAT(store->Put({}, "a", "1"), IsOk());
    ASSERT_THAT(store->Put({.sync = false}, "b", std::string("\x00\xff", 2)), IsOk());
    ASSERT_THAT(store->Put({}, "gone", "x"), IsOk());
    WriteBatch batch;
    batch.Put("r/1", "x");
    batch.Put("r/2", "x");
    batch.DeleteRange("r/", "r0");
    batch.Delete("gone");
    batch.Put("c", "3");
    ASSERT_THAT(store->Write({}, batch), IsOk());
  }
  std::unique_ptr<Store> store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  EXPECT_THAT(Dump(*store),
              ElementsAre(Pair("a", "1"), Pair("b", std::string("\x00\xff", 2)), Pair("c", "3")));
  // And it still takes writes.
  EXPECT_THAT(store->Put({}, "d", "4"), IsOk());
}

TEST_F(RocksDbStoreTest, DataFlushedToTableFilesReadsBack) {
  // A tiny memtable forces flushes, so reads go through table files, the block cache and the
  // bloom filters rather than the memtable alone.
  const RocksDbOptions small{.write_buffer_size = 64 << 10, .block_cache_size = 1 << 20};
  constexpr int kKeys = 3000;
  {
    std::unique_ptr<Store> store = OpenOrDie(small);
    ASSERT_NE(store, nullptr);
    for (int i = 0; i < kKeys; i += 10) {
      WriteBatch batch;
      for (int j = i; j < i + 10; ++j)
        batch.Put(absl::StrCat("key/", j), std::string(100, 'a' + j % 26));
      ASSERT_THAT(store->Write({.sync = false}, batch), IsOk());
    }
  }
  size_t table_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(DbPath())) {
    if (entry.path().extension() == ".sst") ++table_files;
  }
  EXPECT_GT(table_files, 0u);

  std::unique_ptr<Store> store = OpenOrDie(small);
  ASSERT_NE(store, nullptr);
  for (int j = 0; j < kKeys; j += 7) {
    absl::StatusOr<std::string> value = store->Get({}, absl::StrCat("key/", j));
    ASSERT_THAT(value.status(), IsOk()) << j;
    EXPECT_EQ(*value, std::string(100, 'a' + j % 26));
    EXPECT_THAT(store->Get({}, absl::StrCat("key/", j, "/absent")),
                StatusIs(absl::StatusCode::kNotFound));
  }
  EXPECT_EQ(Dump(*store).size(), static_cast<size_t>(kKeys));
}

TEST_F(RocksDbStoreTest, OpenCreatesMissingDirectoriesOwnerOnly) {
  const std::string path = dir_.path() + "/x/y/db";
  absl::StatusOr<std::unique_ptr<Store>> store = RocksDbStore::Open(path);
  ASSERT_THAT(store.status(), IsOk());
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST_F(RocksDbStoreTest, EmptyPathIsInvalidArgument) {
  EXPECT_THAT(RocksDbStore::Open("").status(), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(RocksDbStoreTest, SecondOpenOfSameDirectoryIsUnavailableWithoutPath) {
  std::unique_ptr<Store> first = OpenOrDie();
  ASSERT_NE(first, nullptr);
  absl::StatusOr<std::unique_ptr<Store>> second = RocksDbStore::Open(DbPath());
  EXPECT_THAT(second.status(), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(std::string(second.status().message()), Not(HasSubstr(dir_.path())));
}

TEST_F(RocksDbStoreTest, PathThatIsAFileFailsWithoutPath) {
  const std::string path = dir_.path() + "/plain-file";
  std::ofstream(path) << "not a database";
  absl::StatusOr<std::unique_ptr<Store>> store = RocksDbStore::Open(path);
  EXPECT_FALSE(store.ok());
  EXPECT_THAT(std::string(store.status().message()), Not(HasSubstr(dir_.path())));
}

TEST_F(RocksDbStoreTest, CorruptMetadataIsDataLoss) {
  {
    std::unique_ptr<Store> store = OpenOrDie();
    ASSERT_NE(store, nullptr);
    ASSERT_THAT(store->Put({}, "k", "v"), IsOk());
  }
  // CURRENT names the live manifest; point it at garbage.
  std::ofstream(DbPath() + "/CURRENT", std::ios::trunc) << "garbage";
  absl::StatusOr<std::unique_ptr<Store>> store = RocksDbStore::Open(DbPath());
  EXPECT_THAT(store.status(), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(std::string(store.status().message()), Not(HasSubstr(dir_.path())));
}

// Runs store_crash_writer on DbPath() with its stdout on a pipe; returns its pid and the read end.
struct Child {
  pid_t pid = -1;
  int read_fd = -1;
};

Child SpawnCrashWriter(const std::string& db_path, bool async) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return {};
  // Everything the child needs is built before fork: only async-signal-safe calls follow it.
  std::string program = CAM_STORE_CRASH_WRITER;
  std::string mode = "async";
  std::vector<char*> argv = {program.data(), const_cast<char*>(db_path.c_str()),
                             async ? mode.data() : nullptr, nullptr};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);  // dup2 clears O_CLOEXEC on the new descriptor.
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    return {};
  }
  return Child{pid, fds[0]};
}

// Kills a crash writer (synchronous or asynchronous writes) with SIGKILL mid-write and checks
// that every write it acknowledged survives, and that each writer's keys form a prefix.
void CheckAcknowledgedWritesSurviveSigkill(const std::string& db_path, bool async) {
  constexpr size_t kAcksBeforeKill = 400;
  Child child = SpawnCrashWriter(db_path, async);
  ASSERT_GT(child.pid, 0);

  // Read acknowledgements until enough have arrived, kill -9 mid-write, then drain what the
  // child acknowledged before it died.
  std::string acked_text;
  size_t acks = 0;
  bool killed = false;
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  char buf[4096];
  for (;;) {
    if (!killed && (acks >= kAcksBeforeKill || absl::Now() > give_up)) {
      ASSERT_EQ(::kill(child.pid, SIGKILL), 0);
      killed = true;
    }
    ssize_t n = ::read(child.read_fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    acked_text.append(buf, static_cast<size_t>(n));
    acks += static_cast<size_t>(std::count(buf, buf + n, '\n'));
  }
  ::close(child.read_fd);
  int wstatus = 0;
  ASSERT_EQ(::waitpid(child.pid, &wstatus, 0), child.pid);
  ASSERT_TRUE(WIFSIGNALED(wstatus)) << "the writer exited by itself (status " << wstatus << ")";
  EXPECT_EQ(WTERMSIG(wstatus), SIGKILL);

  const std::set<std::string> acked = absl::StrSplit(acked_text, '\n', absl::SkipEmpty());
  ASSERT_GE(acked.size(), kAcksBeforeKill);

  absl::StatusOr<std::unique_ptr<Store>> reopened = RocksDbStore::Open(db_path);
  ASSERT_THAT(reopened.status(), IsOk());
  std::unique_ptr<Store> store = *std::move(reopened);
  size_t missing = 0;
  for (const std::string& key : acked) {
    absl::StatusOr<std::string> value = store->Get({}, key);
    if (!value.ok() || *value != testing::CrashWriterValue(key)) {
      ++missing;
      ADD_FAILURE() << "acknowledged key lost or wrong after kill -9: " << key << " "
                    << value.status();
    }
  }
  EXPECT_EQ(missing, 0u);
  // Each writer thread's keys form a prefix 0..k: nothing after a gap survives on its own.
  std::map<std::string, std::string> all = Dump(*store);
  for (int t = 0; t < testing::kCrashWriterThreads; ++t) {
    int n = 0;
    while (all.count(testing::CrashWriterKey(t, n)) > 0) ++n;
    for (int later = n; later < n + 100; ++later) {
      EXPECT_EQ(all.count(testing::CrashWriterKey(t, later)), 0u) << "thread " << t;
    }
  }
  EXPECT_THAT(store->Put({}, "after-recovery", "ok"), IsOk());
}

TEST_F(RocksDbStoreTest, AcknowledgedSyncedWritesSurviveSigkill) {
  CheckAcknowledgedWritesSurviveSigkill(DbPath(), /*async=*/false);
}

// The commit queue acknowledges from its own thread, several writes of one writer in flight at
// once: acknowledged ones survive, and queue order is log order (each writer's keys stay a
// prefix, with no later key surviving a lost earlier one).
TEST_F(RocksDbStoreTest, AcknowledgedAsyncWritesSurviveSigkill) {
  CheckAcknowledgedWritesSurviveSigkill(DbPath(), /*async=*/true);
}

TEST_F(RocksDbStoreTest, ClosingCompletesQueuedAsyncWrites) {
  constexpr int kWrites = 500;
  std::atomic<int> ok{0};
  std::atomic<int> completions{0};
  {
    std::unique_ptr<Store> store = OpenOrDie();
    ASSERT_NE(store, nullptr);
    for (int i = 0; i < kWrites; ++i) {
      WriteBatch batch;
      batch.Put(absl::StrCat("k", i), absl::StrCat("v", i));
      store->WriteAsync({}, std::move(batch), [&](absl::Status s) {
        if (s.ok()) ++ok;
        ++completions;
      });
    }
    // The store closes here, with most writes still queued.
  }
  EXPECT_EQ(completions.load(), kWrites);
  EXPECT_EQ(ok.load(), kWrites);
  std::unique_ptr<Store> store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Dump(*store).size(), static_cast<size_t>(kWrites));
}

}  // namespace
}  // namespace cam::store
