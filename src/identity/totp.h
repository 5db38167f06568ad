// File: identity/totp.h
// TOTP (RFC 6238) one-time codes: generation (for tests and enrolment) and verification with a
// +-window of time steps, a constant-time comparison, and refusal of a code whose time step was
// already used (RFC 6238 section 5.2: "the verifier MUST NOT accept the second attempt of the
// OTP after the successful validation has been issued for the first OTP").
#ifndef CAM_IDENTITY_TOTP_H_
#define CAM_IDENTITY_TOTP_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace cam::identity {

// HMAC-SHA1 is what authenticator apps implement (RFC 6238's default); SHA-256 and SHA-512 are
// the RFC's alternatives.
enum class TotpHash { kSha1, kSha256, kSha512 };

struct TotpParams {
  TotpHash hash = TotpHash::kSha1;
  int digits = 6;                           // 6 or 8
  absl::Duration step = absl::Seconds(30);  // X in RFC 6238
  absl::Time t0 = absl::UnixEpoch();
  int window = 1;  // accept steps T-window .. T+window; at most 2
};

// HotpCode returns the `digits`-digit HOTP value (RFC 4226 section 5.3) of `counter`, with
// dynamic truncation, zero-padded. InvalidArgument for digits other than 6 or 8 or an empty key.
absl::StatusOr<std::string> HotpCode(std::span<const uint8_t> key, uint64_t counter, TotpHash hash,
                                     int digits);

// TotpStep returns T = floor((time - t0) / step), or InvalidArgument for a time before t0.
absl::StatusOr<uint64_t> TotpStep(absl::Time time, const TotpParams& params);

// TotpCode returns the code valid at `time`.
absl::StatusOr<std::string> TotpCode(std::span<const uint8_t> key, absl::Time time,
                                     const TotpParams& params = {});

// TotpReplayGuard remembers, per subject, the last accepted time step. Implementations must be
// thread-safe.
class TotpReplayGuard {
 public:
  virtual ~TotpReplayGuard() = default;
  // Accept records `step` for `subject` and returns true, unless a step >= `step` was already
  // accepted for it (a replay, or an older code after a newer one), when it returns false.
  virtual bool Accept(std::string_view subject, uint64_t step) = 0;
};

// InMemoryTotpReplayGuard keeps at most `max_subjects` entries; when full it forgets the
// oldest steps first. Forgetting a subject reopens only codes that are already outside the
// verification window if entries are pruned with Prune; with `max_subjects` reached before
// that, the newest half survives.
class InMemoryTotpReplayGuard final : public TotpReplayGuard {
 public:
  explicit InMemoryTotpReplayGuard(size_t max_subjects = 100000) : max_subjects_(max_subjects) {}
  bool Accept(std::string_view subject, uint64_t step) override;
  // Prune drops subjects whose last step is below `min_step` (their codes can no longer verify).
  void Prune(uint64_t min_step);
  size_t size() const;

 private:
  const size_t max_subjects_;
  mutable absl::Mutex mu_;
  std::unordered_map<std::string, uint64_t> last_step_ ABSL_GUARDED_BY(mu_);
};

// TotpVerifier checks presented codes. Thread-safe if its guard is.
class TotpVerifier {
 public:
  // `guard` is not owned and must outlive the verifier.
  TotpVerifier(TotpParams params, TotpReplayGuard* guard) : params_(params), guard_(guard) {}

  // Verify returns OK if `code` is the code of a step within the window around `now` for `key`,
  // and that step was not used before by `subject`. Every refusal (wrong length, non-digits,
  // wrong code, replay) is CAM_AUTH_CREDENTIALS_INVALID. Every step of the window is computed
  // and compared, in constant time, whatever matches.
  absl::Status Verify(std::span<const uint8_t> key, std::string_view code, std::string_view subject,
                      absl::Time now) const;

 private:
  const TotpParams params_;
  TotpReplayGuard* const guard_;
};

}  // namespace cam::identity

#endif  // CAM_IDENTITY_TOTP_H_
