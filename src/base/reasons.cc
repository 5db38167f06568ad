#include "base/reasons.h"

#include <array>
#include <string>

#include "absl/strings/cord.h"

namespace cam::base {
namespace {

using Code = absl::StatusCode;

constexpr std::array kReasons = {
    ReasonInfo{Reason::kNotImplemented, "CAM_NOT_IMPLEMENTED", Code::kUnimplemented, 501, false,
               "this operation is not implemented yet"},
    ReasonInfo{Reason::kInternal, "CAM_INTERNAL_ERROR", Code::kInternal, 500, false,
               "internal error"},
    ReasonInfo{Reason::kAuthClientCertRequired, "CAM_AUTH_CLIENT_CERT_REQUIRED",
               Code::kUnauthenticated, 401, false, "a client certificate is required"},
    ReasonInfo{Reason::kAuthClientCertInvalid, "CAM_AUTH_CLIENT_CERT_INVALID",
               Code::kUnauthenticated, 401, false, "the client certificate was not accepted"},
    ReasonInfo{Reason::kAuthCredentialsInvalid, "CAM_AUTH_CREDENTIALS_INVALID",
               Code::kUnauthenticated, 401, false, "the credentials were not accepted"},
    ReasonInfo{Reason::kAuthTokenExpired, "CAM_AUTH_TOKEN_EXPIRED", Code::kUnauthenticated, 401,
               false, "the token has expired"},
    ReasonInfo{Reason::kAuthzDenied, "CAM_AUTHZ_DENIED", Code::kPermissionDenied, 403, false,
               "the caller is not allowed to perform this action"},
    ReasonInfo{Reason::kRateLimited, "CAM_RATE_LIMITED", Code::kResourceExhausted, 429, true,
               "rate limit exceeded; retry later"},
    ReasonInfo{Reason::kValidationRequired, "CAM_VALIDATION_REQUIRED", Code::kInvalidArgument, 400,
               false, "a required field is missing"},
    ReasonInfo{Reason::kValidationNamespacePattern, "CAM_VALIDATION_NAMESPACE_PATTERN",
               Code::kInvalidArgument, 400, false,
               "namespace must match ^[a-z0-9][a-z0-9_-]{0,63}$"},
    ReasonInfo{Reason::kValidationKeyPattern, "CAM_VALIDATION_KEY_PATTERN", Code::kInvalidArgument,
               400, false,
               "key must be 1-256 characters of [A-Za-z0-9_.-/], with no empty, '.' or '..' "
               "segment and no leading '/'"},
    ReasonInfo{Reason::kValidationAgentIdPattern, "CAM_VALIDATION_AGENT_ID_PATTERN",
               Code::kInvalidArgument, 400, false, "agent id must match ^[A-Za-z0-9_-]{1,128}$"},
    ReasonInfo{Reason::kValidationFieldTooLong, "CAM_VALIDATION_FIELD_TOO_LONG",
               Code::kInvalidArgument, 400, false, "a field exceeds its maximum length"},
    ReasonInfo{Reason::kValidationTooManyItems, "CAM_VALIDATION_TOO_MANY_ITEMS",
               Code::kInvalidArgument, 400, false, "a list exceeds its maximum number of items"},
    ReasonInfo{Reason::kValidationValueTooLarge, "CAM_VALIDATION_VALUE_TOO_LARGE",
               Code::kResourceExhausted, 413, false, "the value exceeds the maximum size"},
    ReasonInfo{Reason::kValidationPayloadTooLarge, "CAM_VALIDATION_PAYLOAD_TOO_LARGE",
               Code::kResourceExhausted, 413, false, "the request exceeds the maximum size"},
    ReasonInfo{Reason::kValidationMalformedBody, "CAM_VALIDATION_MALFORMED_BODY",
               Code::kInvalidArgument, 400, false, "the request body could not be parsed"},
    ReasonInfo{Reason::kValidationPageToken, "CAM_VALIDATION_PAGE_TOKEN", Code::kInvalidArgument,
               400, false, "the page token is not valid for this request"},
    ReasonInfo{Reason::kValidationOutOfRange, "CAM_VALIDATION_OUT_OF_RANGE", Code::kInvalidArgument,
               400, false, "a field is outside its allowed range"},
    ReasonInfo{Reason::kValidationPattern, "CAM_VALIDATION_PATTERN", Code::kInvalidArgument, 400,
               false, "a field does not match its required pattern"},
    ReasonInfo{Reason::kDeadlineExceeded, "CAM_DEADLINE_EXCEEDED", Code::kDeadlineExceeded, 504,
               true, "the operation did not complete within its deadline"},
    ReasonInfo{Reason::kCancelled, "CAM_DEADLINE_CANCELLED", Code::kCancelled, 499, false,
               "the request was cancelled by the client"},
    ReasonInfo{Reason::kStoreNotFound, "CAM_STORE_NOT_FOUND", Code::kNotFound, 404, false,
               "the key was not found"},
    ReasonInfo{Reason::kStoreNamespaceNotFound, "CAM_STORE_NAMESPACE_NOT_FOUND", Code::kNotFound,
               404, false, "the namespace was not found"},
    ReasonInfo{Reason::kStoreNamespaceExists, "CAM_STORE_NAMESPACE_EXISTS", Code::kAlreadyExists,
               409, false, "the namespace already exists"},
    ReasonInfo{Reason::kStoreVersionNotFound, "CAM_STORE_VERSION_NOT_FOUND", Code::kNotFound, 404,
               false, "the requested version does not exist or is no longer kept"},
    ReasonInfo{Reason::kStoreCasMismatch, "CAM_STORE_CAS_MISMATCH", Code::kAborted, 409, true,
               "the expected version does not match the current version; re-read and retry"},
    ReasonInfo{Reason::kStoreQuotaBytes, "CAM_STORE_QUOTA_BYTES", Code::kResourceExhausted, 429,
               false, "the namespace byte quota would be exceeded"},
    ReasonInfo{Reason::kStoreQuotaKeys, "CAM_STORE_QUOTA_KEYS", Code::kResourceExhausted, 429,
               false, "the namespace key quota would be exceeded"},
    ReasonInfo{Reason::kStoreSnapshotNotFound, "CAM_STORE_SNAPSHOT_NOT_FOUND", Code::kNotFound, 404,
               false, "the snapshot was not found"},
    ReasonInfo{Reason::kStoreSnapshotExists, "CAM_STORE_SNAPSHOT_EXISTS", Code::kAlreadyExists, 409,
               false, "a snapshot with this name already exists"},
    ReasonInfo{Reason::kStoreRestoreConflict, "CAM_STORE_RESTORE_CONFLICT",
               Code::kFailedPrecondition, 409, false,
               "the namespace has data; restore with force to replace it"},
    ReasonInfo{Reason::kStoreUnavailable, "CAM_STORE_UNAVAILABLE", Code::kUnavailable, 503, true,
               "storage is temporarily unavailable"},
    ReasonInfo{Reason::kStoreCorrupt, "CAM_STORE_CORRUPT", Code::kDataLoss, 500, false,
               "stored data failed an integrity check"},
    ReasonInfo{Reason::kAuditUnavailable, "CAM_AUDIT_UNAVAILABLE", Code::kUnavailable, 503, true,
               "the audit log is unavailable; the call was not performed"},
    ReasonInfo{Reason::kServerDraining, "CAM_SERVER_DRAINING", Code::kUnavailable, 503, true,
               "the server is shutting down"},
    ReasonInfo{Reason::kServerOverloaded, "CAM_SERVER_OVERLOADED", Code::kUnavailable, 503, true,
               "the server is overloaded; retry later"},
    ReasonInfo{Reason::kCryptoInvalidInput, "CAM_CRYPTO_INVALID_INPUT", Code::kInvalidArgument, 400,
               false, "the cryptographic input is malformed"},
    ReasonInfo{Reason::kCryptoVerifyFailed, "CAM_CRYPTO_VERIFY_FAILED", Code::kInvalidArgument, 400,
               false, "the signature did not verify"},
    ReasonInfo{Reason::kCryptoDecryptFailed, "CAM_CRYPTO_DECRYPT_FAILED", Code::kInvalidArgument,
               400, false, "the ciphertext could not be decrypted"},
    ReasonInfo{Reason::kStoreNamespaceNotEmpty, "CAM_STORE_NAMESPACE_NOT_EMPTY",
               Code::kFailedPrecondition, 409, false,
               "the namespace still holds keys; delete with force to destroy them"},
    ReasonInfo{Reason::kValidationRoute, "CAM_VALIDATION_ROUTE", Code::kNotFound, 404, false,
               "no such route"},
    ReasonInfo{Reason::kAuthMfaRequired, "CAM_AUTH_MFA_REQUIRED", Code::kPermissionDenied, 403,
               false, "this action needs a second authentication factor"},
    ReasonInfo{Reason::kAuthBackoff, "CAM_AUTH_BACKOFF", Code::kResourceExhausted, 429, true,
               "too many failed authentication attempts; retry later"},
    ReasonInfo{Reason::kAuthTokenNotYetValid, "CAM_AUTH_TOKEN_NOT_YET_VALID",
               Code::kUnauthenticated, 401, true, "the token is not valid yet"},
    ReasonInfo{Reason::kPolicyInvalid, "CAM_POLICY_INVALID", Code::kInvalidArgument, 400, false,
               "the policy document is invalid"},
    ReasonInfo{Reason::kPolicyNotFound, "CAM_POLICY_NOT_FOUND", Code::kNotFound, 404, false,
               "no such policy"},
    ReasonInfo{Reason::kPolicyVersionConflict, "CAM_POLICY_VERSION_CONFLICT", Code::kAborted, 409,
               false, "the policy changed since the version given"},
    ReasonInfo{Reason::kApiKeyNotFound, "CAM_APIKEY_NOT_FOUND", Code::kNotFound, 404, false,
               "no such API key"},
    ReasonInfo{Reason::kAuthClientCertRevoked, "CAM_AUTH_CLIENT_CERT_REVOKED",
               Code::kUnauthenticated, 401, false, "the client certificate has been revoked"},
    ReasonInfo{Reason::kDecisionNotFound, "CAM_DECISION_NOT_FOUND", Code::kNotFound, 404, false,
               "no such decision record"},
    // Audit only: a failed handshake has no call to answer; the TLS alert is all the peer gets.
    ReasonInfo{Reason::kAuthTlsHandshakeFailed, "CAM_AUTH_TLS_HANDSHAKE_FAILED",
               Code::kUnauthenticated, 401, false, "the TLS handshake failed"},
};

constexpr bool TableIsInEnumOrder() {
  for (size_t i = 0; i < kReasons.size(); ++i) {
    if (static_cast<size_t>(kReasons[i].reason) != i) return false;
  }
  return true;
}
static_assert(TableIsInEnumOrder(), "kReasons must list every Reason in enum order");

}  // namespace

std::span<const ReasonInfo> AllReasons() { return kReasons; }

const ReasonInfo& Describe(Reason reason) { return kReasons[static_cast<size_t>(reason)]; }

absl::Status Error(Reason reason, std::string_view internal_detail) {
  const ReasonInfo& info = Describe(reason);
  // Debian's Abseil keeps its own string_view type, so convert explicitly.
  const std::string_view message = internal_detail.empty() ? info.public_message : internal_detail;
  absl::Status status(info.status_code, absl::string_view(message.data(), message.size()));
  status.SetPayload(absl::string_view(kReasonPayloadUrl.data(), kReasonPayloadUrl.size()),
                    absl::Cord(absl::string_view(info.code.data(), info.code.size())));
  return status;
}

std::optional<Reason> ReasonOf(const absl::Status& status) {
  absl::optional<absl::Cord> payload =
      status.GetPayload(absl::string_view(kReasonPayloadUrl.data(), kReasonPayloadUrl.size()));
  if (!payload.has_value()) return std::nullopt;
  const std::string code(*payload);
  for (const ReasonInfo& info : kReasons) {
    if (info.code == code) return info.reason;
  }
  return std::nullopt;
}

absl::Status WithField(absl::Status status, std::string_view field) {
  status.SetPayload(absl::string_view(kFieldPayloadUrl.data(), kFieldPayloadUrl.size()),
                    absl::Cord(absl::string_view(field.data(), field.size())));
  return status;
}

std::string FieldOf(const absl::Status& status) {
  absl::optional<absl::Cord> payload =
      status.GetPayload(absl::string_view(kFieldPayloadUrl.data(), kFieldPayloadUrl.size()));
  return payload.has_value() ? std::string(*payload) : std::string();
}

Reason ReasonForStatus(const absl::Status& status) {
  if (std::optional<Reason> reason = ReasonOf(status)) return *reason;
  switch (status.code()) {
    case Code::kDeadlineExceeded:
      return Reason::kDeadlineExceeded;
    case Code::kCancelled:
      return Reason::kCancelled;
    case Code::kUnimplemented:
      return Reason::kNotImplemented;
    case Code::kUnavailable:
      return Reason::kServerOverloaded;
    default:
      return Reason::kInternal;
  }
}

}  // namespace cam::base
