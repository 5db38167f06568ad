// Tests for cam::bench::LoadDriver against an in-process fake target that completes calls on
// its own thread after a fixed service time: the closed loop keeps exactly `concurrency` calls
// in flight, the warm-up is excluded, errors are counted without stopping the run, and
// Preload writes every key exactly once.
#include "cambench/load_driver.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

namespace cam::bench {
namespace {

using Clock = std::chrono::steady_clock;

class FakeTarget final : public Target {
 public:
  explicit FakeTarget(std::chrono::microseconds service_time) : service_time_(service_time) {
    worker_ = std::thread([this] { Serve(); });
  }
  ~FakeTarget() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    worker_.join();
  }

  absl::Status Prepare() override { return absl::OkStatus(); }

  void Start(Op op, int channel, const std::string& key, const std::string& value,
             DoneCallback done) override {
    const int now_in_flight = in_flight_.fetch_add(1) + 1;
    int seen = max_in_flight_.load();
    while (now_in_flight > seen && !max_in_flight_.compare_exchange_weak(seen, now_in_flight)) {
    }
    std::lock_guard<std::mutex> lock(mu_);
    ++started_;
    if (op == Op::kWrite) {
      ++writes_;
      written_keys_.insert(key);
      last_value_size_ = value.size();
    } else {
      ++reads_;
    }
    channels_used_.insert(channel);
    absl::Status outcome = absl::OkStatus();
    if (fail_every_ > 0 && started_ % fail_every_ == 0)
      outcome = absl::UnavailableError("injected");
    queue_.push_back({Clock::now() + service_time_, std::move(done), std::move(outcome)});
    cv_.notify_all();
  }

  void FailEvery(int n) {
    std::lock_guard<std::mutex> lock(mu_);
    fail_every_ = n;
  }

  int max_in_flight() const { return max_in_flight_.load(); }
  int in_flight() const { return in_flight_.load(); }
  uint64_t writes() {
    std::lock_guard<std::mutex> lock(mu_);
    return writes_;
  }
  uint64_t reads() {
    std::lock_guard<std::mutex> lock(mu_);
    return reads_;
  }
  std::set<std::string> written_keys() {
    std::lock_guard<std::mutex> lock(mu_);
    return written_keys_;
  }
  std::set<int> channels_used() {
    std::lock_guard<std::mutex> lock(mu_);
    return channels_used_;
  }
  size_t last_value_size() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_value_size_;
  }

 private:
  struct Pending {
    Clock::time_point due;
    DoneCallback done;
    absl::Status outcome;
  };

  void Serve() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      if (stop_ && queue_.empty()) return;
      if (queue_.empty()) {
        cv_.wait(lock);
        continue;
      }
      if (Clock::now() < queue_.front().due) {
        cv_.wait_until(lock, queue_.front().due);
        continue;
      }
      Pending call = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      in_flight_.fetch_sub(1);
      call.done(std::move(call.outcome));
      lock.lock();
    }
  }

  const std::chrono::microseconds service_time_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool stop_ = false;
  int fail_every_ = 0;
  uint64_t started_ = 0;
  uint64_t writes_ = 0;
  uint64_t reads_ = 0;
  size_t last_value_size_ = 0;
  std::set<std::string> written_keys_;
  std::set<int> channels_used_;
  std::thread worker_;
};

LoadOptions Quick(int concurrency, double read_fraction) {
  return LoadOptions{.concurrency = concurrency,
                     .channels = 3,
                     .read_fraction = read_fraction,
                     .warmup = std::chrono::milliseconds(100),
                     .duration = std::chrono::milliseconds(400),
                     .value_size = 100,
                     .keys = 50,
                     .seed = 3,
                     .progress = nullptr};
}

TEST(LoadDriverTest, KeyNamesAreFixedWidth) {
  EXPECT_EQ(KeyName(0), "k00000000");
  EXPECT_EQ(KeyName(42), "k00000042");
  EXPECT_EQ(KeyName(99999999), "k99999999");
}

TEST(LoadDriverTest, ResultLineHasTheScriptFormat) {
  LoadResult result;
  result.ops = 2500;
  result.seconds = 2.0;
  result.errors = 3;
  for (uint64_t v = 1; v <= 1000; ++v) result.latency.Record(v);
  // Percentiles are reported as the top of their histogram bucket: 500 lies in [500, 503].
  EXPECT_EQ(FormatResultLine(result), "ops_per_s=1250 p50_us=503 p99_us=991 p999_us=999 errors=3");
}

TEST(LoadDriverTest, ClosedLoopKeepsConcurrencyInFlightAndMeasuresThroughput) {
  FakeTarget target(std::chrono::microseconds(2000));
  LoadDriver driver(&target, Quick(8, 0.0));
  const LoadResult result = driver.Run();
  EXPECT_EQ(target.max_in_flight(), 8);
  EXPECT_EQ(target.in_flight(), 0);  // Run waits for every call to finish
  EXPECT_EQ(result.errors, 0u);
  EXPECT_DOUBLE_EQ(result.seconds, 0.4);
  // 8 slots / 2 ms = at most 4000 ops/s; scheduling only makes it slower.
  EXPECT_GT(result.OpsPerSecond(), 500);
  EXPECT_LE(result.OpsPerSecond(), 4000 * 1.05);
  EXPECT_EQ(result.latency.Count(), result.ops);
  EXPECT_GE(result.latency.Percentile(0.5), 2000u);
  // Warm-up calls were issued but not counted.
  EXPECT_GT(target.writes(), result.ops);
  EXPECT_EQ(target.reads(), 0u);
  EXPECT_EQ(target.channels_used(), (std::set<int>{0, 1, 2}));
  EXPECT_EQ(target.last_value_size(), 100u);
}

TEST(LoadDriverTest, ReadFractionSplitsOperations) {
  FakeTarget target(std::chrono::microseconds(200));
  LoadDriver driver(&target, Quick(4, 1.0));
  const LoadResult reads_only = driver.Run();
  EXPECT_GT(reads_only.ops, 0u);
  EXPECT_EQ(target.writes(), 0u);

  FakeTarget mixed_target(std::chrono::microseconds(200));
  LoadDriver mixed(&mixed_target, Quick(4, 0.5));
  mixed.Run();
  const double reads = static_cast<double>(mixed_target.reads());
  const double writes = static_cast<double>(mixed_target.writes());
  ASSERT_GT(reads + writes, 200);
  EXPECT_NEAR(reads / (reads + writes), 0.5, 0.1);
}

TEST(LoadDriverTest, ErrorsAreCountedAndTheRunGoesOn) {
  FakeTarget target(std::chrono::microseconds(300));
  target.FailEvery(10);
  LoadDriver driver(&target, Quick(4, 0.0));
  const LoadResult result = driver.Run();
  EXPECT_GT(result.errors, 0u);
  EXPECT_GT(result.ops, result.errors);
  EXPECT_NE(result.first_error.find("injected"), std::string::npos);
  EXPECT_EQ(result.latency.Count(), result.ops);  // failed calls have no latency sample
}

TEST(LoadDriverTest, PreloadWritesEveryKeyOnce) {
  FakeTarget target(std::chrono::microseconds(100));
  LoadOptions options = Quick(6, 1.0);
  options.keys = 137;
  LoadDriver driver(&target, options);
  ASSERT_TRUE(driver.Preload().ok());
  EXPECT_EQ(target.writes(), 137u);
  const std::set<std::string> keys = target.written_keys();
  EXPECT_EQ(keys.size(), 137u);
  EXPECT_TRUE(keys.count(KeyName(0)) == 1 && keys.count(KeyName(136)) == 1);
  EXPECT_EQ(target.reads(), 0u);
}

TEST(LoadDriverTest, PreloadFailsWhenAWriteFails) {
  FakeTarget target(std::chrono::microseconds(100));
  target.FailEvery(5);
  LoadDriver driver(&target, Quick(2, 1.0));
  const absl::Status status = driver.Preload();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(std::string(status.message()).find("injected"), std::string::npos);
}

}  // namespace
}  // namespace cam::bench
