// File: identity/auth_backoff.h
// AuthBackoff: slows down credential guessing. It counts authentication failures per source
// (a peer address, or an address plus a claimed identity), and once a source reaches
// `max_failures` within `window`, refuses it for `initial_penalty`, doubling on each further
// failure up to `max_penalty`. The escalation ends only after the source has been quiet for a
// whole `window` following its last refusal, so waiting out one penalty does not reset it.
#ifndef CAM_IDENTITY_AUTH_BACKOFF_H_
#define CAM_IDENTITY_AUTH_BACKOFF_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "base/clock.h"

namespace cam::identity {

struct AuthBackoffConfig {
  int max_failures = 5;  // failures tolerated within `window`
  absl::Duration window = absl::Seconds(60);
  absl::Duration initial_penalty = absl::Seconds(1);
  absl::Duration max_penalty = absl::Minutes(5);
  // Sources tracked at once. When full, idle sources are dropped first, then the sources with
  // the oldest failures. Default 100000 (~10 MB).
  size_t max_sources = 100000;
};

// Thread-safe.
class AuthBackoff {
 public:
  // `clock` is not owned and must outlive this object.
  AuthBackoff(AuthBackoffConfig config, const base::Clock* clock)
      : config_(config), clock_(clock) {}

  // Check returns CAM_AUTH_BACKOFF while `source` is refused, OK otherwise. Call it before
  // verifying a credential, so a refused source costs no verification work.
  absl::Status Check(std::string_view source) const;

  // RemainingPenalty returns how long `source` is still refused (zero if not), for Retry-After.
  absl::Duration RemainingPenalty(std::string_view source) const;

  // RecordFailure counts one failed authentication from `source`.
  void RecordFailure(std::string_view source);

  // RecordSuccess forgets `source`'s failures.
  void RecordSuccess(std::string_view source);

  // The number of sources tracked (tests, metrics).
  size_t tracked_sources() const;

 private:
  struct Entry {
    int failures = 0;
    absl::Time window_start;
    absl::Time last_failure;
    absl::Time blocked_until = absl::InfinitePast();
    absl::Duration next_penalty;
  };

  bool Idle(const Entry& entry, absl::Time now) const;
  void MakeRoom(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const AuthBackoffConfig config_;
  const base::Clock* const clock_;
  mutable absl::Mutex mu_;
  std::unordered_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cam::identity

#endif  // CAM_IDENTITY_AUTH_BACKOFF_H_
