// File: tests/unit/store/store_conformance_test.cc
// The Store contract, run against every implementation: memory, RocksDB, and the fault-injection
// decorator with no fault armed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "base/one_shot.h"
#include "store/store.h"
#include "store/write_batch.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/store/store_test_util.h"

namespace cam::store {
namespace {

using ::cam::store::testing::Dump;
using ::cam::store::testing::OpenedStore;
using ::cam::store::testing::StoreKind;
using ::cam::store::testing::TempDir;
using ::cam::testing::IsOk;
using ::cam::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Pair;

class StoreConformanceTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    absl::StatusOr<OpenedStore> opened = GetParam().open(dir_.path());
    ASSERT_THAT(opened.status(), IsOk());
    opened_ = *std::move(opened);
  }
  void TearDown() override { opened_.Reset(); }

  Store& store() { return opened_.get(); }

  // Get that folds NotFound into "<absent>", so expectations read as plain values.
  std::string GetOrAbsent(std::string_view key, const ReadOptions& options = {}) {
    absl::StatusOr<std::string> value = store().Get(options, key);
    if (absl::IsNotFound(value.status())) return "<absent>";
    EXPECT_THAT(value.status(), IsOk());
    return value.ok() ? *value : "<error>";
  }

  TempDir dir_;
  OpenedStore opened_;
};

TEST_P(StoreConformanceTest, PutGetDelete) {
  EXPECT_THAT(store().Get({}, "k"), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_THAT(store().Put({}, "k", "v1"), IsOk());
  EXPECT_EQ(GetOrAbsent("k"), "v1");
  ASSERT_THAT(store().Put({}, "k", "v2"), IsOk());
  EXPECT_EQ(GetOrAbsent("k"), "v2");
  ASSERT_THAT(store().Delete({}, "k"), IsOk());
  EXPECT_THAT(store().Get({}, "k"), StatusIs(absl::StatusCode::kNotFound));
  // Deleting what is not there is not an error.
  EXPECT_THAT(store().Delete({}, "never-written"), IsOk());
}

TEST_P(StoreConformanceTest, EmptyValueIsNotAbsentAndEmptyKeyWorks) {
  ASSERT_THAT(store().Put({}, "empty", ""), IsOk());
  absl::StatusOr<std::string> value = store().Get({}, "empty");
  ASSERT_THAT(value.status(), IsOk());
  EXPECT_EQ(*value, "");
  ASSERT_THAT(store().Put({}, "", "value of the empty key"), IsOk());
  EXPECT_EQ(GetOrAbsent(""), "value of the empty key");
}

TEST_P(StoreConformanceTest, BinaryKeysAndValuesRoundTripAndSortUnsigned) {
  using namespace std::string_literals;
  const std::vector<std::string> keys = {"\xff"s,
                                         "a"s,
                                         "\x00"s,
                                         "a\x00"s,
                                         "a\x00"
                                         "b"s,
                                         "\x7f"s,
                                         "\x80"s,
                                         "\xff\x00"s,
                                         "\xff\xff"s,
                                         "\x01\x02"s,
                                         "A"s};
  for (const std::string& key : keys) {
    std::string value = "v\x00\xff\x00"s + key + "\xfe\x00"s;
    ASSERT_THAT(store().Put({}, key, value), IsOk());
  }
  for (const std::string& key : keys) {
    EXPECT_EQ(GetOrAbsent(key), "v\x00\xff\x00"s + key + "\xfe\x00"s);
  }
  // "a" and "a\0" are different keys, as are "\xff" and "\xff\0".
  EXPECT_EQ(GetOrAbsent("a\x00\x00"s), "<absent>");

  std::vector<std::string> seen;
  std::unique_ptr<Iterator> it = store().NewIterator({});
  for (it->SeekToFirst(); it->Valid(); it->Next()) seen.emplace_back(it->key());
  ASSERT_THAT(it->status(), IsOk());
  // Byte-wise unsigned order: 0x00 first, 0x80 and 0xff after ASCII, prefixes first.
  EXPECT_EQ(seen, (std::vector<std::string>{"\x00"s, "\x01\x02"s, "A"s, "a"s, "a\x00"s,
                                            "a\x00"
                                            "b"s,
                                            "\x7f"s, "\x80"s, "\xff"s, "\xff\x00"s, "\xff\xff"s}));
}

TEST_P(StoreConformanceTest, BatchAppliesInOrder) {
  ASSERT_THAT(store().Put({}, "pre", "old"), IsOk());
  WriteBatch batch;
  batch.Put("k", "v1");
  batch.Delete("k");  // Put then Delete of one key: the key ends up absent.
  batch.Delete("j");
  batch.Put("j", "v");  // Delete then Put: present.
  batch.Put("m", "first");
  batch.Put("m", "second");  // The last Put wins.
  batch.Delete("pre");
  EXPECT_EQ(batch.Count(), 7u);
  ASSERT_THAT(store().Write({}, batch), IsOk());
  EXPECT_EQ(GetOrAbsent("k"), "<absent>");
  EXPECT_EQ(GetOrAbsent("j"), "v");
  EXPECT_EQ(GetOrAbsent("m"), "second");
  EXPECT_EQ(GetOrAbsent("pre"), "<absent>");
}

TEST_P(StoreConformanceTest, EmptyBatchIsOk) {
  WriteBatch batch;
  EXPECT_THAT(store().Write({}, batch), IsOk());
  EXPECT_TRUE(Dump(store()).empty());
}

TEST_P(StoreConformanceTest, BatchIsAtomicForConcurrentReaders) {
  // A writer keeps setting "a" and "b" to the same value, one batch each time, until the readers
  // are done; readers must never see them differ, through a snapshot or through one iterator.
  constexpr int kReadsPerReader = 200;
  std::atomic<int> readers_left{2};
  std::atomic<int> torn{0};
  std::atomic<int> rounds{0};
  std::thread writer([&] {
    while (readers_left > 0) {
      const std::string round = absl::StrCat(rounds.load());
      WriteBatch batch;
      batch.Put("a", round);
      batch.Put("b", round);
      EXPECT_THAT(store().Write({.sync = false}, batch), IsOk());
      ++rounds;
    }
  });
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      // Start once the writer is running, so reads overlap writes however threads are scheduled.
      while (rounds == 0) std::this_thread::yield();
      for (int i = 0; i < kReadsPerReader; ++i) {
        std::unique_ptr<Snapshot> snapshot = store().GetSnapshot();
        ReadOptions at{.snapshot = snapshot.get()};
        absl::StatusOr<std::string> a = store().Get(at, "a");
        absl::StatusOr<std::string> b = store().Get(at, "b");
        if (a.ok() != b.ok() || (a.ok() && *a != *b)) ++torn;
        std::map<std::string, std::string> all = Dump(store());
        if (all["a"] != all["b"]) ++torn;
      }
      --readers_left;
    });
  }
  for (std::thread& t : readers) t.join();
  writer.join();
  EXPECT_EQ(torn.load(), 0);
  ASSERT_GT(rounds.load(), 0);
  EXPECT_EQ(GetOrAbsent("a"), absl::StrCat(rounds.load() - 1));
  EXPECT_EQ(GetOrAbsent("b"), absl::StrCat(rounds.load() - 1));
}

TEST_P(StoreConformanceTest, DeleteRangeRemovesHalfOpenRange) {
  for (char c = 'a'; c <= 'h'; ++c) ASSERT_THAT(store().Put({}, std::string(1, c), "x"), IsOk());
  ASSERT_THAT(store().Put({}, "c\x00tail", "x"), IsOk());
  WriteBatch batch;
  batch.DeleteRange("c", "f");  // c, "c\0tail", d, e.
  batch.DeleteRange("h", "b");  // Empty: begin > end.
  batch.DeleteRange("g", "g");  // Empty: begin == end.
  ASSERT_THAT(store().Write({}, batch), IsOk());
  std::map<std::string, std::string> all = Dump(store());
  std::vector<std::string> keys;
  for (const auto& [k, v] : all) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "b", "f", "g", "h"}));
}

TEST_P(StoreConformanceTest, DeleteRangeIsOrderedWithinABatch) {
  WriteBatch batch;
  batch.Put("p/1", "dropped");  // Before the range delete: removed by it.
  batch.DeleteRange("p/", "p0");
  batch.Put("p/2", "kept");  // After it: survives.
  ASSERT_THAT(store().Write({}, batch), IsOk());
  EXPECT_EQ(GetOrAbsent("p/1"), "<absent>");
  EXPECT_EQ(GetOrAbsent("p/2"), "kept");
}

TEST_P(StoreConformanceTest, IteratesInKeyOrderAndSeeks) {
  std::vector<std::string> keys;
  for (int i = 0; i < 100; ++i) keys.push_back(absl::StrCat("key", 1000 + i * 3));
  std::vector<std::string> shuffled = keys;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
  for (const std::string& k : shuffled) ASSERT_THAT(store().Put({.sync = false}, k, k), IsOk());

  std::unique_ptr<Iterator> it = store().NewIterator({});
  EXPECT_FALSE(it->Valid());  // Unpositioned until a seek.
  std::vector<std::string> seen;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    EXPECT_EQ(it->key(), it->value());
    seen.emplace_back(it->key());
  }
  EXPECT_THAT(it->status(), IsOk());
  EXPECT_EQ(seen, keys);

  it->Seek("key1001");  // Between key1000 and key1003.
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "key1003");
  it->Seek("key1003");  // Exact match.
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "key1003");
  it->Seek("key2");  // Past the end: not valid, and not an error.
  EXPECT_FALSE(it->Valid());
  EXPECT_THAT(it->status(), IsOk());
  it->Seek("");  // Back to the start.
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "key1000");
}

TEST_P(StoreConformanceTest, UpperBoundStopsPrefixScan) {
  using namespace std::string_literals;
  for (const std::string& k :
       {"ns/a"s, "ns/a/1"s, "ns/a/2"s, "ns/a/\xff"s, "ns/a0"s, "ns/b/1"s, "ns/a.x"s}) {
    ASSERT_THAT(store().Put({}, k, "v"), IsOk());
  }
  // Everything starting with "ns/a/": the bound is the prefix with its last byte incremented.
  std::unique_ptr<Iterator> it = store().NewIterator({.upper_bound = "ns/a0"});
  std::vector<std::string> seen;
  for (it->Seek("ns/a/"); it->Valid(); it->Next()) seen.emplace_back(it->key());
  EXPECT_THAT(it->status(), IsOk());
  EXPECT_EQ(seen, (std::vector<std::string>{"ns/a/1", "ns/a/2", "ns/a/\xff"s}));

  // The bound also applies from SeekToFirst, and a bound before every key yields nothing.
  it = store().NewIterator({.upper_bound = "ns/a/"});
  seen.clear();
  for (it->SeekToFirst(); it->Valid(); it->Next()) seen.emplace_back(it->key());
  EXPECT_EQ(seen, (std::vector<std::string>{"ns/a", "ns/a.x"}));
  it = store().NewIterator({.upper_bound = "a"});
  it->SeekToFirst();
  EXPECT_FALSE(it->Valid());
  EXPECT_THAT(it->status(), IsOk());
}

TEST_P(StoreConformanceTest, IteratorSeesStateAtCreation) {
  ASSERT_THAT(store().Put({}, "a", "1"), IsOk());
  ASSERT_THAT(store().Put({}, "c", "3"), IsOk());
  std::unique_ptr<Iterator> it = store().NewIterator({});
  ASSERT_THAT(store().Put({}, "b", "2"), IsOk());
  ASSERT_THAT(store().Delete({}, "c"), IsOk());
  std::vector<std::pair<std::string, std::string>> seen;
  for (it->SeekToFirst(); it->Valid(); it->Next()) seen.emplace_back(it->key(), it->value());
  EXPECT_THAT(seen, ElementsAre(Pair("a", "1"), Pair("c", "3")));
}

TEST_P(StoreConformanceTest, SnapshotIsolatesLaterWrites) {
  ASSERT_THAT(store().Put({}, "a", "1"), IsOk());
  ASSERT_THAT(store().Put({}, "b", "1"), IsOk());
  ASSERT_THAT(store().Put({}, "r/1", "1"), IsOk());
  std::unique_ptr<Snapshot> snapshot = store().GetSnapshot();
  ASSERT_NE(snapshot, nullptr);

  WriteBatch later;
  later.Put("a", "2");
  later.Delete("b");
  later.Put("c", "new");
  later.DeleteRange("r/", "r0");
  ASSERT_THAT(store().Write({}, later), IsOk());

  ReadOptions then{.snapshot = snapshot.get()};
  EXPECT_EQ(GetOrAbsent("a", then), "1");
  EXPECT_EQ(GetOrAbsent("b", then), "1");
  EXPECT_EQ(GetOrAbsent("c", then), "<absent>");
  EXPECT_EQ(GetOrAbsent("r/1", then), "1");
  EXPECT_THAT(Dump(store(), then), ElementsAre(Pair("a", "1"), Pair("b", "1"), Pair("r/1", "1")));

  EXPECT_EQ(GetOrAbsent("a"), "2");
  EXPECT_THAT(Dump(store()), ElementsAre(Pair("a", "2"), Pair("c", "new")));

  // A second snapshot sees the new state; releasing the first leaves the store as it is.
  std::unique_ptr<Snapshot> now = store().GetSnapshot();
  snapshot.reset();
  EXPECT_THAT(Dump(store(), {.snapshot = now.get()}),
              ElementsAre(Pair("a", "2"), Pair("c", "new")));
  now.reset();
  EXPECT_EQ(GetOrAbsent("c"), "new");
}

TEST_P(StoreConformanceTest, SnapshotOfAnotherStoreIsRejected) {
  TempDir other_dir;
  absl::StatusOr<OpenedStore> other = GetParam().open(other_dir.path());
  ASSERT_THAT(other.status(), IsOk());
  {
    std::unique_ptr<Snapshot> foreign = other->get().GetSnapshot();
    EXPECT_THAT(store().Get({.snapshot = foreign.get()}, "k"),
                StatusIs(absl::StatusCode::kInvalidArgument));
    std::unique_ptr<Iterator> it = store().NewIterator({.snapshot = foreign.get()});
    it->SeekToFirst();
    EXPECT_FALSE(it->Valid());
    EXPECT_THAT(it->status(), StatusIs(absl::StatusCode::kInvalidArgument));
  }
  other->Reset();
}

TEST_P(StoreConformanceTest, PassedDeadlineDoesNoWork) {
  ASSERT_THAT(store().Put({}, "k", "v"), IsOk());
  const absl::Time past = absl::Now() - absl::Milliseconds(1);

  EXPECT_THAT(store().Get({.deadline = past}, "k"), StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_THAT(store().Put({.deadline = past}, "k", "changed"),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_THAT(store().Delete({.deadline = past}, "k"),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  WriteBatch batch;
  batch.Put("new", "v");
  batch.DeleteRange("", "\xff");
  EXPECT_THAT(store().Write({.deadline = past}, batch),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  std::unique_ptr<Iterator> it = store().NewIterator({.deadline = past});
  it->SeekToFirst();
  EXPECT_FALSE(it->Valid());
  EXPECT_THAT(it->status(), StatusIs(absl::StatusCode::kDeadlineExceeded));

  // None of the refused writes did anything.
  EXPECT_THAT(Dump(store()), ElementsAre(Pair("k", "v")));
}

TEST_P(StoreConformanceTest, IteratorStopsWhenItsDeadlinePasses) {
  for (int i = 0; i < 10; ++i) ASSERT_THAT(store().Put({}, absl::StrCat("k", i), "v"), IsOk());
  const absl::Time deadline = absl::Now() + absl::Seconds(1);
  std::unique_ptr<Iterator> it = store().NewIterator({.deadline = deadline});
  it->SeekToFirst();
  ASSERT_TRUE(it->Valid());
  it->Next();
  ASSERT_TRUE(it->Valid());
  while (absl::Now() <= deadline) absl::SleepFor(absl::Milliseconds(20));
  it->Next();
  EXPECT_FALSE(it->Valid());
  EXPECT_THAT(it->status(), StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST_P(StoreConformanceTest, ConcurrentWritersAllLand) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Half single Puts, half two-key batches, all durable (the default).
        if (i % 2 == 0) {
          EXPECT_THAT(store().Put({}, absl::StrCat("t", t, "/", i), absl::StrCat(t * 1000 + i)),
                      IsOk());
        } else {
          WriteBatch batch;
          batch.Put(absl::StrCat("t", t, "/", i), absl::StrCat(t * 1000 + i));
          batch.Put(absl::StrCat("shared/", i), absl::StrCat(t));
          EXPECT_THAT(store().Write({}, batch), IsOk());
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();

  std::map<std::string, std::string> all = Dump(store());
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread + kPerThread / 2));
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      EXPECT_EQ(all[absl::StrCat("t", t, "/", i)], absl::StrCat(t * 1000 + i));
    }
  }
}

// WriteAsync's completion receives Write's result once, and the batch is visible by then.
TEST_P(StoreConformanceTest, WriteAsyncAppliesTheBatchBeforeItsCompletion) {
  ASSERT_THAT(store().Put({}, "gone", "x"), IsOk());
  WriteBatch batch;
  batch.Put("a", "1");
  batch.Delete("gone");
  batch.Put("b", "2");
  base::OneShot<std::map<std::string, std::string>> seen;
  store().WriteAsync({}, std::move(batch), [&](absl::Status status) {
    EXPECT_THAT(status, IsOk());
    seen.Set(Dump(store()));
  });
  EXPECT_THAT(seen.Wait(), ElementsAre(Pair("a", "1"), Pair("b", "2")));
}

TEST_P(StoreConformanceTest, WriteAsyncWithAPassedDeadlineDoesNoWork) {
  const absl::Time past = absl::Now() - absl::Milliseconds(1);
  WriteBatch late;
  late.Put("late", "v");
  WriteBatch timely;
  timely.Put("timely", "v");
  base::OneShot<absl::Status> late_done;
  base::OneShot<absl::Status> timely_done;
  // Queued back to back, so a store that merges batches most likely sees both in one round.
  store().WriteAsync({.deadline = past}, std::move(late),
                     [&](absl::Status s) { late_done.Set(std::move(s)); });
  store().WriteAsync({}, std::move(timely), [&](absl::Status s) { timely_done.Set(std::move(s)); });
  EXPECT_THAT(late_done.Wait(), StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_THAT(timely_done.Wait(), IsOk());
  EXPECT_THAT(Dump(store()), ElementsAre(Pair("timely", "v")));
}

// Many threads queue batches without waiting: every completion runs exactly once, with OK, and
// every batch lands whole (a reader never sees half of one).
TEST_P(StoreConformanceTest, ConcurrentAsyncWritersAllLandWhole) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  absl::Mutex mu;
  std::map<std::string, int> completions;
  int failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = absl::StrCat("t", t, "/", i);
        WriteBatch batch;
        batch.Put(absl::StrCat("a/", id), id);
        batch.Put(absl::StrCat("b/", id), id);
        store().WriteAsync({}, std::move(batch), [&, id](absl::Status s) {
          absl::MutexLock lock(&mu);
          ++completions[id];
          if (!s.ok()) ++failures;
        });
      }
    });
  }
  // Meanwhile a reader checks that both halves of a batch appear together.
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    while (!stop.load()) {
      std::unique_ptr<Snapshot> snapshot = store().GetSnapshot();
      std::map<std::string, std::string> view;
      std::unique_ptr<Iterator> it = store().NewIterator({.snapshot = snapshot.get()});
      for (it->SeekToFirst(); it->Valid(); it->Next()) view[std::string(it->key())] = "";
      for (const auto& [key, unused] : view) {
        if (key.rfind("a/", 0) == 0) {
          EXPECT_EQ(view.count("b/" + key.substr(2)), 1u) << key;
        }
      }
    }
  });
  for (std::thread& t : threads) t.join();
  {
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(
        +[](std::map<std::string, int>* c) { return c->size() == kThreads * kPerThread; },
        &completions));
  }
  stop = true;
  reader.join();

  absl::MutexLock lock(&mu);
  EXPECT_EQ(failures, 0);
  for (const auto& [id, count] : completions) EXPECT_EQ(count, 1) << id;
  EXPECT_EQ(Dump(store()).size(), static_cast<size_t>(2 * kThreads * kPerThread));
}

TEST_P(StoreConformanceTest, LargeValuesRoundTrip) {
  std::string big(1 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 131 + i / 7) & 0xff);
  std::string big2 = big;
  std::reverse(big2.begin(), big2.end());
  ASSERT_THAT(store().Put({}, "big", big), IsOk());
  WriteBatch batch;
  batch.Put("big2", big2);
  batch.Put("small", "s");
  ASSERT_THAT(store().Write({}, batch), IsOk());

  absl::StatusOr<std::string> got = store().Get({}, "big");
  ASSERT_THAT(got.status(), IsOk());
  EXPECT_TRUE(*got == big);
  std::unique_ptr<Iterator> it = store().NewIterator({});
  it->Seek("big2");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->value().size(), big2.size());
  EXPECT_TRUE(it->value() == big2);
}

INSTANTIATE_TEST_SUITE_P(AllStores, StoreConformanceTest,
                         ::testing::Values(StoreKind{"Memory", testing::OpenMemory},
                                           StoreKind{"RocksDb", testing::OpenRocksDb},
                                           StoreKind{"FaultInjectionPassThrough",
                                                     testing::OpenPassThroughFaultInjection}),
                         testing::StoreKindName);

}  // namespace
}  // namespace cam::store
