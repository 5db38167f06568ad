// File: identity/last_good.h
// LastGood<T>: what every reloadable configuration file (JWKS, client classes, CRLs) keeps: the
// last value that parsed, the failure of the latest reload, and how many reloads installed a new
// value. The owner supplies the loader: it reads its files (identity/file_watch.h) and returns
// the new value, or nullopt when nothing changed, or an error, which leaves the current value
// in force. Readers never wait for a reload.
#ifndef CAM_IDENTITY_LAST_GOOD_H_
#define CAM_IDENTITY_LAST_GOOD_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace cam::identity {

template <typename T>
class LastGood {
 public:
  // `load(force)` is only ever called by one thread at a time (LastGood serializes reloads), so
  // the state it reads from (file watches) needs no lock of its own.
  using Loader = std::function<absl::StatusOr<std::optional<T>>(bool force)>;

  explicit LastGood(Loader load) : load_(std::move(load)) {}
  LastGood(const LastGood&) = delete;
  LastGood& operator=(const LastGood&) = delete;

  // LoadFirst reads everything (force) and must succeed: at startup there is no last good value.
  absl::Status LoadFirst() {
    absl::MutexLock lock(&reload_mu_);
    absl::StatusOr<bool> loaded = Load(/*force=*/true);
    return loaded.ok() ? absl::OkStatus() : loaded.status();
  }

  // Refresh reloads what changed: true when a new value was installed, false when nothing
  // changed, an error (kept by last_error() until a later reload succeeds) otherwise.
  absl::StatusOr<bool> Refresh() {
    absl::MutexLock lock(&reload_mu_);
    absl::StatusOr<bool> result = Load(/*force=*/false);
    absl::MutexLock state_lock(&mu_);
    last_error_ = result.ok() ? absl::OkStatus() : result.status();
    return result;
  }

  std::shared_ptr<const T> Current() const {
    absl::MutexLock lock(&mu_);
    return current_;
  }
  absl::Status last_error() const {
    absl::MutexLock lock(&mu_);
    return last_error_;
  }
  uint64_t reload_count() const {
    absl::MutexLock lock(&mu_);
    return reload_count_;
  }

 private:
  absl::StatusOr<bool> Load(bool force) ABSL_EXCLUSIVE_LOCKS_REQUIRED(reload_mu_) {
    absl::StatusOr<std::optional<T>> loaded = load_(force);
    if (!loaded.ok()) return loaded.status();
    if (!loaded->has_value()) return false;
    auto installed = std::make_shared<const T>(**std::move(loaded));
    absl::MutexLock lock(&mu_);
    current_ = std::move(installed);
    ++reload_count_;
    return true;
  }

  const Loader load_;
  absl::Mutex reload_mu_;  // serializes reloads; never held while readers run
  mutable absl::Mutex mu_;
  std::shared_ptr<const T> current_ ABSL_GUARDED_BY(mu_);
  absl::Status last_error_ ABSL_GUARDED_BY(mu_);
  uint64_t reload_count_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace cam::identity

#endif  // CAM_IDENTITY_LAST_GOOD_H_
