// File: base/clock.h
// Clock: the one source of wall time, so tests can drive time (token expiry, rotation, deadlines)
// without sleeping.
#ifndef CAM_BASE_CLOCK_H_
#define CAM_BASE_CLOCK_H_

#include <atomic>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace cam::base {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

// SystemClock reads the real wall clock. Stateless; safe from any thread.
class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// FakeClock is set and advanced by tests. Safe from any thread.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start) : nanos_(absl::ToUnixNanos(start)) {}
  absl::Time Now() const override { return absl::FromUnixNanos(nanos_.load()); }
  void Advance(absl::Duration d) { nanos_ += absl::ToInt64Nanoseconds(d); }
  void Set(absl::Time t) { nanos_ = absl::ToUnixNanos(t); }

 private:
  std::atomic<int64_t> nanos_;
};

}  // namespace cam::base

#endif  // CAM_BASE_CLOCK_H_
