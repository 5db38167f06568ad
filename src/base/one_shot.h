// File: base/one_shot.h
// OneShot<T>: one value handed from a callback, on any thread, to a thread that waits for it.
// It turns an asynchronous API into a blocking one (a synchronous Append over AppendAsync);
// AwaitStatus does that for the usual case, a completion that receives an absl::Status.
// Set must be called exactly once; the waiter may destroy the OneShot as soon as Wait returns.
#ifndef CAM_BASE_ONE_SHOT_H_
#define CAM_BASE_ONE_SHOT_H_

#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>

#include "absl/status/status.h"

namespace cam::base {

template <typename T>
class OneShot {
 public:
  OneShot() = default;
  OneShot(const OneShot&) = delete;
  OneShot& operator=(const OneShot&) = delete;

  void Set(T value) {
    std::lock_guard lock(mu_);
    value_.emplace(std::move(value));
    // Notified under the lock: the waiter cannot return (and destroy us) before we let go.
    set_cv_.notify_one();
  }

  T Wait() {
    std::unique_lock lock(mu_);
    set_cv_.wait(lock, [this] { return value_.has_value(); });
    return *std::move(value_);
  }

 private:
  std::mutex mu_;
  std::condition_variable set_cv_;
  std::optional<T> value_;
};

// AwaitStatus calls `start` with a completion, then blocks until that completion has run (on
// any thread, or within `start`) and returns the status it received.
template <typename Start>
absl::Status AwaitStatus(Start&& start) {
  OneShot<absl::Status> finished;
  std::forward<Start>(start)([&finished](absl::Status status) { finished.Set(std::move(status)); });
  return finished.Wait();
}

}  // namespace cam::base

#endif  // CAM_BASE_ONE_SHOT_H_
