// File: store/options.h
// ReadOptions and WriteOptions: the per-call knobs of cam::store::Store, as plain structs with
// their defaults in the declaration (fill them with designated initializers at the call site).
#ifndef CAM_STORE_OPTIONS_H_
#define CAM_STORE_OPTIONS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace cam::store {

class Snapshot;

struct ReadOptions {
  // When set, the read sees the store exactly as it was when this snapshot was taken, consistent
  // across all keys. When null, it sees the latest committed state (an iterator pins that state
  // when it is created). The snapshot must come from the same Store and outlive the call and any
  // iterator created with it; a snapshot of another store fails with InvalidArgument.
  const Snapshot* snapshot = nullptr;

  // Iterators only: when set, iteration stops (Valid() becomes false) at the first key >= this
  // bound, so a prefix scan never walks past its prefix. Exclusive, compared byte-wise.
  std::optional<std::string> upper_bound;

  // The call's deadline, normally the request deadline. A call made after it has passed returns
  // DeadlineExceeded without doing any work; an iterator that outlives it stops with that status.
  absl::Time deadline = absl::InfiniteFuture();
};

struct WriteOptions {
  // When true (the default), the write is flushed from the OS buffer cache to the device
  // (write() + fsync()) before Write returns OK, so an acknowledged write survives a process
  // crash AND a machine crash or power loss. When false, it survives a process crash (kill -9)
  // but the last few acknowledged writes may be lost if the machine itself goes down. Concurrent
  // synced writers share fsyncs (group commit), so leave this on unless the data is disposable.
  bool sync = true;

  // As ReadOptions::deadline: a write whose deadline has already passed returns DeadlineExceeded
  // and applies nothing. Once a write has started it is not interrupted (that would leave its
  // outcome unknown to the caller).
  absl::Time deadline = absl::InfiniteFuture();
};

// CheckDeadline returns DeadlineExceeded if `deadline` has passed, OK otherwise. Implementations
// call it before starting any work.
inline absl::Status CheckDeadline(absl::Time deadline) {
  if (deadline != absl::InfiniteFuture() && absl::Now() >= deadline) {
    return absl::DeadlineExceededError("store: deadline passed before the call started");
  }
  return absl::OkStatus();
}

}  // namespace cam::store

#endif  // CAM_STORE_OPTIONS_H_
