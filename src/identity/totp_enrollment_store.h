// File: identity/totp_enrollment_store.h
// TotpEnrollmentStore: each principal's TOTP (RFC 6238) secret over cam::store::Store, from
// enrolment (a fresh 160-bit secret, stored PENDING and returned once) through confirmation
// (ACTIVE once a code from it verifies) to verification (TokenIssue's second factor) and an
// operator's reset (a lost device).
//
// Keyspace (under config.key_prefix, default "identity/totp/"):
//   p/<tenant>/<kind>/<id>   the principal's record (JSON: an ACTIVE and a PENDING slot)
// Tenants are identifiers and ids agent ids, neither holding '/', so the key names exactly one
// principal.
//
// Secrets are sealed with AES-256-GCM under `seal_key` (derived from the root key), with the
// record's store key, the slot and the enrolment id as associated data: a sealed secret copied
// to another principal's record (or from the pending to the active slot) does not open. Opened
// secrets live in SecureBuffers and are wiped after use; they are never logged and never leave
// this class except in Enroll's result.
//
// Codes: SHA-1, 6 digits, 30 s steps, one step of skew either side, compared in constant time.
// A step accepted once for an enrolment is refused afterwards (InMemoryTotpReplayGuard: the
// guard lives as long as this object, which is the process). After `max_failures` refused codes
// for a principal within `failure_window`, every further code is refused until the window ends.
// Unknown principal, no active enrolment, wrong code, replay and lock-out are one refusal:
// CAM_AUTH_CREDENTIALS_INVALID "totp: code not accepted", so none is an oracle for another.
//
// Thread-safe. Enroll, Confirm and Reset are serialized within one store; several camd processes
// sharing one Store would need the store's check-and-set, which it lacks today.
#ifndef CAM_IDENTITY_TOTP_ENROLLMENT_STORE_H_
#define CAM_IDENTITY_TOTP_ENROLLMENT_STORE_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "base/secure_buffer.h"
#include "identity/totp.h"
#include "store/store.h"

namespace cam::identity {

// Whose enrolment: the principal as the envelope resolved it.
struct TotpPrincipal {
  std::string tenant;  // empty or ^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$
  std::string kind;    // "agent", "operator" or "service"
  std::string id;      // ^[A-Za-z0-9_-]{1,128}$
};

struct TotpEnrollmentConfig {
  std::string key_prefix = "identity/totp/";
  // The otpauth:// issuer and label prefix.
  std::string issuer = "camd";
  // How long a pending enrolment waits for its confirmation. Default 10 min.
  absl::Duration pending_ttl = absl::Minutes(10);
  // Refused codes tolerated per principal within `failure_window` before lock-out.
  int max_failures = 5;
  absl::Duration failure_window = absl::Minutes(15);
  // Principals whose failures are tracked at once; when full, ended windows are dropped first,
  // and a new principal that still finds no room is refused (fail closed).
  size_t max_tracked = 100000;
};

// A new secret, to be shown once. Both texts hold the secret, hence SecureBuffers.
struct NewTotpSecret {
  base::SecureBuffer secret_base32;  // RFC 4648 base32, unpadded
  base::SecureBuffer otpauth_uri;    // otpauth://totp/<issuer>:<id>?secret=...
  int digits = 6;
  int period_seconds = 30;
  absl::Time confirm_before;

  std::string_view secret_base32_view() const {
    return {reinterpret_cast<const char*>(secret_base32.data()), secret_base32.size()};
  }
  std::string_view otpauth_uri_view() const {
    return {reinterpret_cast<const char*>(otpauth_uri.data()), otpauth_uri.size()};
  }
};

// What a principal's enrolment looks like, without its secret.
struct TotpEnrollmentStatus {
  bool active = false;
  std::optional<absl::Time> activate_time;
  bool pending = false;  // an unexpired pending enrolment
  std::optional<absl::Time> confirm_before;
};

class TotpEnrollmentStore {
 public:
  // Secret size: 160 bits, RFC 4226 section 4's recommendation for HMAC-SHA-1.
  static constexpr size_t kSecretBytes = 20;

  // Open uses `store` (not owned; must outlive this object) and `seal_key`, the 32-byte
  // AES-256-GCM key of every sealed secret. Changing the seal key invalidates every enrolment.
  static absl::StatusOr<std::unique_ptr<TotpEnrollmentStore>> Open(
      store::Store* store, base::SecureBuffer seal_key, TotpEnrollmentConfig config = {});

  TotpEnrollmentStore(const TotpEnrollmentStore&) = delete;
  TotpEnrollmentStore& operator=(const TotpEnrollmentStore&) = delete;

  // Enroll stores a fresh secret as `principal`'s pending enrolment (replacing any earlier
  // pending one) and returns it. With an ACTIVE enrolment, `current_code` must verify against it
  // (CAM_AUTH_CREDENTIALS_INVALID otherwise); the active secret stays in force until Confirm.
  // CAM_VALIDATION_PATTERN for a malformed principal.
  absl::StatusOr<NewTotpSecret> Enroll(const TotpPrincipal& principal,
                                       std::string_view current_code, absl::Time now);

  // Confirm makes the pending enrolment ACTIVE when `code` verifies against it, replacing any
  // earlier active one. No pending enrolment, an expired one, or a wrong code:
  // CAM_AUTH_CREDENTIALS_INVALID.
  absl::Status Confirm(const TotpPrincipal& principal, std::string_view code, absl::Time now);

  // Verify returns OK when `code` verifies against the ACTIVE enrolment, and
  // CAM_AUTH_CREDENTIALS_INVALID for every refusal. Store failures are CAM_STORE_* errors, not
  // refusals.
  absl::Status Verify(const TotpPrincipal& principal, std::string_view code, absl::Time now);

  // Reset removes the principal's enrolment (active and pending) and its failure count; returns
  // whether there was one. CAM_VALIDATION_PATTERN for a malformed principal.
  absl::StatusOr<bool> Reset(const TotpPrincipal& principal);

  // Describe describes the enrolment. CAM_VALIDATION_PATTERN for a malformed principal.
  absl::StatusOr<TotpEnrollmentStatus> Describe(const TotpPrincipal& principal, absl::Time now);

 private:
  struct Slot;
  struct Record;
  struct Failures {
    absl::Time window_start;
    int count = 0;
  };

  TotpEnrollmentStore(store::Store* store, base::SecureBuffer seal_key,
                      TotpEnrollmentConfig config);

  // RecordKey returns the principal's store key, or CAM_VALIDATION_PATTERN.
  absl::StatusOr<std::string> RecordKey(const TotpPrincipal& principal) const;
  // Load returns the record at `key`, empty when there is none.
  absl::StatusOr<Record> Load(const std::string& key);
  absl::Status Save(const std::string& key, const Record& record);
  absl::StatusOr<std::string> Seal(const std::string& key, std::string_view slot_name,
                                   std::string_view enrolment_id,
                                   std::span<const uint8_t> secret) const;
  absl::StatusOr<base::SecureBuffer> Unseal(const std::string& key, std::string_view slot_name,
                                            const Slot& slot) const;
  // CheckCode verifies `code` against `secret` (null: no enrolment, checked against a dummy key
  // so the refusal costs the same work), honouring and updating the lock-out of `key`.
  absl::Status CheckCode(const std::string& key, const std::string& guard_subject,
                         const base::SecureBuffer* secret, std::string_view code, absl::Time now);
  bool LockedOut(const std::string& key, absl::Time now);
  void RecordFailure(const std::string& key, absl::Time now);
  void ClearFailures(const std::string& key);
  void DropEndedWindows(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(failures_mu_);

  store::Store* const store_;
  const base::SecureBuffer seal_key_;
  const base::SecureBuffer dummy_key_;  // verified against when there is no enrolment
  const TotpEnrollmentConfig config_;
  InMemoryTotpReplayGuard replay_guard_;
  const TotpVerifier verifier_;
  const TotpVerifier unguarded_verifier_;  // for the dummy key: nothing to remember

  absl::Mutex write_mu_;  // serializes read-modify-write of records

  absl::Mutex failures_mu_;
  std::unordered_map<std::string, Failures> failures_ ABSL_GUARDED_BY(failures_mu_);
};

}  // namespace cam::identity

#endif  // CAM_IDENTITY_TOTP_ENROLLMENT_STORE_H_
