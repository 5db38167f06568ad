// File: base/reasons.h
// The reason-code table: every error camd returns carries one stable `CAM_<AREA>_<CONDITION>`
// reason. Each entry fixes the gRPC code (by Abseil's rule), the HTTP status, whether the
// caller may retry, and the only message a client ever sees.
//
// The table is append-only: never rename, renumber or reuse an entry; clients match on codes.
#ifndef CAM_BASE_REASONS_H_
#define CAM_BASE_REASONS_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace cam::base {

enum class Reason : int {
  kNotImplemented,
  kInternal,
  kAuthClientCertRequired,
  kAuthClientCertInvalid,
  kAuthCredentialsInvalid,
  kAuthTokenExpired,
  kAuthzDenied,
  kRateLimited,
  kValidationRequired,
  kValidationNamespacePattern,
  kValidationKeyPattern,
  kValidationAgentIdPattern,
  kValidationFieldTooLong,
  kValidationTooManyItems,
  kValidationValueTooLarge,
  kValidationPayloadTooLarge,
  kValidationMalformedBody,
  kValidationPageToken,
  kValidationOutOfRange,
  kValidationPattern,
  kDeadlineExceeded,
  kCancelled,
  kStoreNotFound,
  kStoreNamespaceNotFound,
  kStoreNamespaceExists,
  kStoreVersionNotFound,
  kStoreCasMismatch,
  kStoreQuotaBytes,
  kStoreQuotaKeys,
  kStoreSnapshotNotFound,
  kStoreSnapshotExists,
  kStoreRestoreConflict,
  kStoreUnavailable,
  kStoreCorrupt,
  kAuditUnavailable,
  kServerDraining,
  kServerOverloaded,
  kCryptoInvalidInput,
  kCryptoVerifyFailed,
  kCryptoDecryptFailed,
  kStoreNamespaceNotEmpty,
  kValidationRoute,
  kAuthMfaRequired,
  kAuthBackoff,
  kAuthTokenNotYetValid,
  kPolicyInvalid,
  kPolicyNotFound,
  kPolicyVersionConflict,
  kApiKeyNotFound,
  kAuthClientCertRevoked,
  kDecisionNotFound,
  kAuthTlsHandshakeFailed,
  // Append new reasons here, never in the middle.
};

struct ReasonInfo {
  Reason reason;
  std::string_view code;            // CAM_<AREA>_<CONDITION>, stable forever.
  absl::StatusCode status_code;     // The gRPC status code sent to clients.
  int http_status;                  // The HTTP status for the JSON gateway.
  bool retryable;                   // Whether retrying the same call can succeed.
  std::string_view public_message;  // The only text a client sees.
};

// All reasons, in enum order.
std::span<const ReasonInfo> AllReasons();

// Describe returns the table entry of `reason`.
const ReasonInfo& Describe(Reason reason);

// Error builds a status carrying `reason`. `internal_detail` becomes the status message, which
// goes to the debug log only; clients see the table's public message.
absl::Status Error(Reason reason, std::string_view internal_detail = {});

// ReasonOf returns the reason attached by Error, or nullopt for a plain status.
std::optional<Reason> ReasonOf(const absl::Status& status);

// ReasonForStatus returns the reason of `status`, or a generic reason derived from its code for a
// status that has none (a library error that escaped without one). Never call it with OK.
Reason ReasonForStatus(const absl::Status& status);

// WithField notes which request field a validation error is about; the field name is part of
// the public contract, so transports may show it to clients (ErrorInfo metadata "field").
absl::Status WithField(absl::Status status, std::string_view field);

// FieldOf returns the field noted by WithField, or "".
std::string FieldOf(const absl::Status& status);

inline constexpr std::string_view kFieldPayloadUrl = "type.cam.dev/cam.field";

// The payload URL under which the reason code travels inside an absl::Status.
inline constexpr std::string_view kReasonPayloadUrl = "type.cam.dev/cam.reason";

}  // namespace cam::base

#endif  // CAM_BASE_REASONS_H_
