// File: bench/cambench/load_driver.cc
#include "cambench/load_driver.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <random>
#include <vector>

namespace cam::bench {
namespace {

using Clock = std::chrono::steady_clock;

// A failed call's slot waits this long before its next call.
constexpr auto kErrorBackoff = std::chrono::milliseconds(5);

}  // namespace

std::string KeyName(int index) {
  char name[24];
  std::snprintf(name, sizeof(name), "k%08d", index);
  return name;
}

std::string FormatResultLine(const LoadResult& result) {
  char line[256];
  std::snprintf(
      line, sizeof(line), "ops_per_s=%.0f p50_us=%llu p99_us=%llu p999_us=%llu errors=%llu",
      result.OpsPerSecond(), static_cast<unsigned long long>(result.latency.Percentile(0.50)),
      static_cast<unsigned long long>(result.latency.Percentile(0.99)),
      static_cast<unsigned long long>(result.latency.Percentile(0.999)),
      static_cast<unsigned long long>(result.errors));
  return line;
}

// Session is one pass of load (a preload or a measured run). Slots live in a vector that is
// never resized while calls are in flight; each slot is touched by one call chain at a time,
// so its counters and histogram need no lock. The mutex guards only the parked-slot queue,
// the active count and the first error.
class LoadDriver::Session {
 public:
  enum class Mode { kPreload, kMeasure };

  Session(Target* target, const LoadOptions& options, const std::string& value, Mode mode)
      : target_(target), options_(options), value_(value), mode_(mode) {
    slots_.reserve(static_cast<size_t>(options.concurrency));
    for (int i = 0; i < options.concurrency; ++i) {
      auto slot = std::make_unique<Slot>();
      slot->channel = i % std::max(1, options.channels);
      slot->rng.seed(options.seed * 1000003u + static_cast<uint64_t>(i));
      slots_.push_back(std::move(slot));
    }
  }

  LoadResult Drive() {
    const Clock::time_point start = Clock::now();
    if (mode_ == Mode::kMeasure) {
      measure_start_ = start + options_.warmup;
      end_ = measure_start_ + options_.duration;
    } else {
      measure_start_ = start;
      end_ = Clock::time_point::max();
    }
    active_ = static_cast<int>(slots_.size());
    for (auto& slot : slots_) Issue(*slot);

    Clock::time_point next_progress = start + std::chrono::seconds(1);
    uint64_t completed_at_last_progress = 0;
    std::unique_lock<std::mutex> lock(mu_);
    while (active_ > 0) {
      // Sleep until a parked slot is due, the next progress line, or a slot finishes.
      Clock::time_point wake = Clock::now() + std::chrono::milliseconds(100);
      if (!parked_.empty()) wake = std::min(wake, parked_.front().first);
      cv_.wait_until(lock, wake);
      // Restart parked slots whose back-off has passed (outside the lock: Start may call back).
      const Clock::time_point now = Clock::now();
      std::vector<Slot*> ready;
      while (!parked_.empty() && parked_.front().first <= now) {
        ready.push_back(parked_.front().second);
        parked_.pop_front();
      }
      lock.unlock();
      for (Slot* slot : ready) {
        if (Finished(now)) {
          SlotDone();
        } else {
          Issue(*slot);
        }
      }
      if (options_.progress && mode_ == Mode::kMeasure && now >= next_progress) {
        const uint64_t completed = completed_.load(std::memory_order_relaxed);
        options_.progress(std::chrono::duration<double>(now - start).count(),
                          static_cast<double>(completed - completed_at_last_progress),
                          errors_seen_.load(std::memory_order_relaxed));
        completed_at_last_progress = completed;
        next_progress += std::chrono::seconds(1);
      }
      lock.lock();
    }

    LoadResult result;
    for (const auto& slot : slots_) {
      result.ops += slot->ops;
      result.errors += slot->errors;
      result.latency.Merge(slot->latency);
    }
    result.seconds = mode_ == Mode::kMeasure
                         ? std::chrono::duration<double>(options_.duration).count()
                         : std::chrono::duration<double>(Clock::now() - start).count();
    result.first_error = first_error_;
    return result;
  }

 private:
  struct Slot {
    int channel = 0;
    std::mt19937_64 rng;
    LatencyHistogram latency;
    uint64_t ops = 0;
    uint64_t errors = 0;
  };

  bool Finished(Clock::time_point now) const {
    if (mode_ == Mode::kPreload) return next_key_.load(std::memory_order_relaxed) >= options_.keys;
    return now >= end_;
  }

  void Issue(Slot& slot) {
    Op op = Op::kWrite;
    int key_index = 0;
    if (mode_ == Mode::kPreload) {
      key_index = next_key_.fetch_add(1, std::memory_order_relaxed);
      if (key_index >= options_.keys) {
        SlotDone();
        return;
      }
    } else {
      if (options_.read_fraction >= 1.0) {
        op = Op::kRead;
      } else if (options_.read_fraction > 0.0) {
        op = std::uniform_real_distribution<double>(0.0, 1.0)(slot.rng) < options_.read_fraction
                 ? Op::kRead
                 : Op::kWrite;
      }
      key_index = std::uniform_int_distribution<int>(0, options_.keys - 1)(slot.rng);
    }
    const Clock::time_point t0 = Clock::now();
    target_->Start(op, slot.channel, KeyName(key_index), value_,
                   [this, &slot, t0](absl::Status status) { OnDone(slot, t0, std::move(status)); });
  }

  void OnDone(Slot& slot, Clock::time_point t0, absl::Status status) {
    const Clock::time_point t1 = Clock::now();
    completed_.fetch_add(1, std::memory_order_relaxed);
    if (t1 >= measure_start_ && t1 < end_) {
      if (status.ok()) {
        ++slot.ops;
        slot.latency.Record(static_cast<uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count()));
      } else {
        ++slot.errors;
      }
    }
    if (!status.ok()) {
      errors_seen_.fetch_add(1, std::memory_order_relaxed);
      std::lock_guard<std::mutex> lock(mu_);
      if (first_error_.empty()) first_error_ = status.ToString();
      // Park the slot: the driver thread restarts it after the back-off.
      parked_.emplace_back(t1 + kErrorBackoff, &slot);
      cv_.notify_all();
      return;
    }
    if (Finished(t1)) {
      SlotDone();
      return;
    }
    Issue(slot);
  }

  void SlotDone() {
    std::lock_guard<std::mutex> lock(mu_);
    --active_;
    cv_.notify_all();
  }

  Target* target_;
  const LoadOptions& options_;
  const std::string& value_;
  const Mode mode_;
  std::vector<std::unique_ptr<Slot>> slots_;
  Clock::time_point measure_start_;
  Clock::time_point end_;
  std::atomic<int> next_key_{0};
  std::atomic<uint64_t> completed_{0};
  std::atomic<uint64_t> errors_seen_{0};

  std::mutex mu_;
  std::condition_variable cv_;
  int active_ = 0;
  std::deque<std::pair<Clock::time_point, Slot*>> parked_;
  std::string first_error_;
};

LoadDriver::LoadDriver(Target* target, LoadOptions options)
    : target_(target), options_(std::move(options)) {
  // A fixed pseudo-random value: incompressible, so neither side gains from compression.
  std::mt19937_64 rng(options_.seed);
  value_.resize(options_.value_size);
  for (char& c : value_) c = static_cast<char>(rng() & 0xff);
}

absl::Status LoadDriver::Preload() {
  Session session(target_, options_, value_, Session::Mode::kPreload);
  const LoadResult result = session.Drive();
  if (result.errors > 0) {
    return absl::UnavailableError("preload: " + std::to_string(result.errors) +
                                  " writes failed; first: " + result.first_error);
  }
  return absl::OkStatus();
}

LoadResult LoadDriver::Run() {
  Session session(target_, options_, value_, Session::Mode::kMeasure);
  return session.Drive();
}

}  // namespace cam::bench
