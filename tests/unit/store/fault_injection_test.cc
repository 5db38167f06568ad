// File: tests/unit/store/fault_injection_test.cc
// FaultInjectionStore over each real store: an injected failure surfaces as that error, leaves
// the store unchanged, and never costs a write that was acknowledged.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/one_shot.h"
#include "store/fault_injection/fault_injection_store.h"
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

class FaultInjectionTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    absl::StatusOr<OpenedStore> opened = GetParam().open(dir_.path());
    ASSERT_THAT(opened.status(), IsOk());
    base_ = std::move(opened->base);
    faulty_ = std::make_unique<FaultInjectionStore>(*base_);
  }
  void TearDown() override {
    faulty_.reset();
    base_.reset();
  }

  TempDir dir_;
  std::unique_ptr<Store> base_;
  std::unique_ptr<FaultInjectionStore> faulty_;
};

TEST_P(FaultInjectionTest, FailedWriteReportsErrorAndChangesNothing) {
  ASSERT_THAT(faulty_->Put({}, "k", "v1"), IsOk());
  ASSERT_THAT(faulty_->Put({}, "other", "o"), IsOk());
  const std::map<std::string, std::string> before = Dump(*base_);

  faulty_->FailNextWrites(3);
  EXPECT_THAT(faulty_->Put({}, "k", "v2"), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(faulty_->Delete({}, "other"), StatusIs(absl::StatusCode::kUnavailable));
  WriteBatch batch;
  batch.Put("new", "n");
  batch.DeleteRange("", "zzz");
  EXPECT_THAT(faulty_->Write({}, batch), StatusIs(absl::StatusCode::kUnavailable));

  EXPECT_EQ(Dump(*base_), before);
  EXPECT_EQ(Dump(*faulty_), before);
  EXPECT_EQ(faulty_->write_calls(), 5);
  EXPECT_EQ(faulty_->failed_writes(), 3);

  // The fault is spent: the next write goes through.
  EXPECT_THAT(faulty_->Put({}, "k", "v3"), IsOk());
  EXPECT_THAT(Dump(*base_), ElementsAre(Pair("k", "v3"), Pair("other", "o")));
}

TEST_P(FaultInjectionTest, FailedAsyncWriteCompletesWithTheErrorAndChangesNothing) {
  ASSERT_THAT(faulty_->Put({}, "k", "v1"), IsOk());
  faulty_->FailNextWrites(1, absl::ResourceExhaustedError("disk full"));
  WriteBatch batch;
  batch.Put("k", "v2");
  base::OneShot<absl::Status> failed;
  faulty_->WriteAsync({}, batch, [&](absl::Status s) { failed.Set(std::move(s)); });
  EXPECT_THAT(failed.Wait(), StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(Dump(*base_), ElementsAre(Pair("k", "v1")));

  base::OneShot<absl::Status> passed;
  faulty_->WriteAsync({}, batch, [&](absl::Status s) { passed.Set(std::move(s)); });
  EXPECT_THAT(passed.Wait(), IsOk());
  EXPECT_THAT(Dump(*base_), ElementsAre(Pair("k", "v2")));
  EXPECT_EQ(faulty_->write_calls(), 3);
  EXPECT_EQ(faulty_->failed_writes(), 1);
}

TEST_P(FaultInjectionTest, ChosenErrorIsReturnedAsIs) {
  faulty_->FailNextWrites(1, absl::DataLossError("disk ate it"));
  absl::Status s = faulty_->Put({}, "k", "v");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_EQ(s.message(), "disk ate it");
  // An OK status armed as a fault still fails: a fault never looks like success.
  faulty_->FailNextWrites(1, absl::OkStatus());
  EXPECT_THAT(faulty_->Put({}, "k", "v"), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(base_->Get({}, "k"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(FaultInjectionTest, FailAllWritesLastsUntilCleared) {
  faulty_->FailAllWrites(absl::ResourceExhaustedError("full"));
  for (int i = 0; i < 20; ++i) {
    EXPECT_THAT(faulty_->Put({}, absl::StrCat("k", i), "v"),
                StatusIs(absl::StatusCode::kResourceExhausted));
  }
  // Reads still work while writes fail.
  EXPECT_THAT(faulty_->Get({}, "k0"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_TRUE(Dump(*base_).empty());
  faulty_->ClearFaults();
  EXPECT_THAT(faulty_->Put({}, "k0", "v"), IsOk());
  EXPECT_EQ(faulty_->failed_writes(), 20);
  EXPECT_EQ(faulty_->write_calls(), 21);
}

TEST_P(FaultInjectionTest, FailedReadsSurfaceOnGetAndIterators) {
  ASSERT_THAT(faulty_->Put({}, "k", "v"), IsOk());
  faulty_->FailNextReads(2);
  EXPECT_THAT(faulty_->Get({}, "k"), StatusIs(absl::StatusCode::kUnavailable));
  std::unique_ptr<Iterator> it = faulty_->NewIterator({});
  ASSERT_NE(it, nullptr);
  it->SeekToFirst();
  EXPECT_FALSE(it->Valid());
  EXPECT_THAT(it->status(), StatusIs(absl::StatusCode::kUnavailable));
  // Spent: reads work again, and the data was never touched.
  absl::StatusOr<std::string> value = faulty_->Get({}, "k");
  ASSERT_THAT(value.status(), IsOk());
  EXPECT_EQ(*value, "v");
  EXPECT_EQ(faulty_->read_calls(), 3);
  EXPECT_EQ(faulty_->failed_reads(), 2);

  faulty_->FailAllReads(absl::DataLossError("bad block"));
  EXPECT_THAT(faulty_->Get({}, "k"), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(faulty_->Put({}, "k2", "v2"), IsOk());  // Writes are not affected.
  faulty_->ClearFaults();
  EXPECT_THAT(faulty_->Get({}, "k2"), IsOk());
}

TEST_P(FaultInjectionTest, SnapshotsPassThrough) {
  ASSERT_THAT(faulty_->Put({}, "k", "old"), IsOk());
  std::unique_ptr<Snapshot> snapshot = faulty_->GetSnapshot();
  ASSERT_THAT(faulty_->Put({}, "k", "new"), IsOk());
  absl::StatusOr<std::string> then = faulty_->Get({.snapshot = snapshot.get()}, "k");
  ASSERT_THAT(then.status(), IsOk());
  EXPECT_EQ(*then, "old");
}

TEST_P(FaultInjectionTest, NoAcknowledgedWriteIsLostAcrossRandomFaults) {
  // Faults armed at random between writes: afterwards every acknowledged write is there with its
  // acknowledged value, and no refused write left a trace.
  std::mt19937 rng(12345);
  std::map<std::string, std::string> acknowledged;
  std::vector<std::string> refused;
  int failures = 0;
  for (int i = 0; i < 300; ++i) {
    if (rng() % 5 == 0) faulty_->FailNextWrites(1 + rng() % 3);
    const std::string key = absl::StrCat("key", i % 120);  // Overwrites mixed in.
    const std::string value = absl::StrCat("value", i);
    absl::Status s = (i % 3 == 0) ? faulty_->Put({}, key, value) : [&] {
      WriteBatch batch;
      batch.Put(key, value);
      batch.Put(absl::StrCat("side/", i), value);
      return faulty_->Write({}, batch);
    }();
    if (s.ok()) {
      acknowledged[key] = value;
      if (i % 3 != 0) acknowledged[absl::StrCat("side/", i)] = value;
    } else {
      EXPECT_THAT(s, StatusIs(absl::StatusCode::kUnavailable));
      ++failures;
      if (i % 3 != 0) refused.push_back(absl::StrCat("side/", i));
    }
  }
  ASSERT_GT(failures, 0);
  ASSERT_GT(acknowledged.size(), 0u);
  EXPECT_EQ(Dump(*base_), acknowledged);
  for (const std::string& key : refused) {
    EXPECT_THAT(base_->Get({}, key), StatusIs(absl::StatusCode::kNotFound));
  }
  EXPECT_EQ(faulty_->failed_writes(), failures);
}

TEST_P(FaultInjectionTest, CountedFaultsAreExactUnderConcurrency) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 40;
  constexpr int kFaults = 50;
  faulty_->FailNextWrites(kFaults);
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        absl::Status s = faulty_->Put({.sync = false}, absl::StrCat(t, "/", i), "v");
        (s.ok() ? ok : failed)++;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failed.load(), kFaults);
  EXPECT_EQ(ok.load(), kThreads * kPerThread - kFaults);
  EXPECT_EQ(Dump(*base_).size(), static_cast<size_t>(ok.load()));
  EXPECT_EQ(faulty_->write_calls(), kThreads * kPerThread);
  EXPECT_EQ(faulty_->failed_writes(), kFaults);
}

INSTANTIATE_TEST_SUITE_P(OverRealStores, FaultInjectionTest,
                         ::testing::ValuesIn(testing::RealStoreKinds()), testing::StoreKindName);

}  // namespace
}  // namespace cam::store
