// File: syscalls/identity/identity_syscalls.h
// IdentitySyscalls: the Identity family. Profile (who am I), TokenIssue (camd signs a short-lived
// access token for the caller's certificate or API key identity) and the API-key lifecycle
// (create, list, revoke, rotate). Handlers see authenticated, validated, authorized calls.
//
// TokenIssue rules: a token is never issued on the strength of another token (so a stolen token
// cannot be renewed forever); its scopes are a subset of the caller's (empty request: all of
// them); its lifetime is at most `max_token_lifetime`; its audience is one the verifier accepts;
// its `amr` lists the factors the caller proved ("mtls" or "api_key", and "otp" when a TOTP code
// from the caller's active enrolment verified). A certificate-bound token (RFC 8705) carries
// `cnf.x5t#S256`, the SHA-256 of the call's verified client certificate.
//
// TOTP: TotpEnroll and TotpConfirm act on the caller's own principal and, like TokenIssue, need
// an API key or a certificate (never a token); TotpReset is an operator's action on anyone's.
// Every TOTP refusal (no enrolment, wrong code, replay, lock-out) is the same
// CAM_AUTH_CREDENTIALS_INVALID.
#ifndef CAM_SYSCALLS_IDENTITY_IDENTITY_SYSCALLS_H_
#define CAM_SYSCALLS_IDENTITY_IDENTITY_SYSCALLS_H_

#include <string>
#include <vector>

#include "base/clock.h"
#include "cam/v1/identity.pb.h"
#include "envelope/handler_registry.h"
#include "identity/api_key_store.h"
#include "identity/jwt_signer.h"
#include "identity/totp_enrollment_store.h"

namespace cam::syscalls {

struct IdentityConfig {
  std::string issuer = "camd";
  std::vector<std::string> audiences = {"cam-api"};  // the first is the default
  absl::Duration default_token_lifetime = absl::Minutes(15);
  absl::Duration max_token_lifetime = absl::Hours(1);
  std::string default_tenant = "default";
};

class IdentitySyscalls {
 public:
  // Not owned; must outlive this object. `ml_dsa_signer` may be null (then ML-DSA-65 tokens
  // are refused as not configured); so may `totp` (then the TOTP verbs answer
  // CAM_NOT_IMPLEMENTED and a TokenIssue with a code is refused).
  IdentitySyscalls(const identity::JwtSigner* eddsa_signer,
                   const identity::JwtSigner* ml_dsa_signer, identity::ApiKeyStore* api_keys,
                   const base::Clock* clock, IdentityConfig config,
                   identity::TotpEnrollmentStore* totp = nullptr)
      : eddsa_signer_(eddsa_signer),
        ml_dsa_signer_(ml_dsa_signer),
        api_keys_(api_keys),
        totp_(totp),
        clock_(clock),
        config_(std::move(config)) {}

  absl::Status RegisterAll(envelope::HandlerRegistry& registry);

  absl::StatusOr<v1::ProfileResponse> Profile(envelope::Call& call,
                                              const v1::ProfileRequest& request);
  absl::StatusOr<v1::TokenIssueResponse> TokenIssue(envelope::Call& call,
                                                    const v1::TokenIssueRequest& request);
  absl::StatusOr<v1::ApiKeyCreateResponse> ApiKeyCreate(envelope::Call& call,
                                                        const v1::ApiKeyCreateRequest& request);
  absl::StatusOr<v1::ApiKeyListResponse> ApiKeyList(envelope::Call& call,
                                                    const v1::ApiKeyListRequest& request);
  absl::StatusOr<v1::ApiKeyRevokeResponse> ApiKeyRevoke(envelope::Call& call,
                                                        const v1::ApiKeyRevokeRequest& request);
  absl::StatusOr<v1::ApiKeyRotateResponse> ApiKeyRotate(envelope::Call& call,
                                                        const v1::ApiKeyRotateRequest& request);
  absl::StatusOr<v1::TotpEnrollResponse> TotpEnroll(envelope::Call& call,
                                                    const v1::TotpEnrollRequest& request);
  absl::StatusOr<v1::TotpConfirmResponse> TotpConfirm(envelope::Call& call,
                                                      const v1::TotpConfirmRequest& request);
  absl::StatusOr<v1::TotpResetResponse> TotpReset(envelope::Call& call,
                                                  const v1::TotpResetRequest& request);

 private:
  const identity::JwtSigner* eddsa_signer_;
  const identity::JwtSigner* ml_dsa_signer_;
  identity::ApiKeyStore* api_keys_;
  identity::TotpEnrollmentStore* totp_;
  const base::Clock* clock_;
  const IdentityConfig config_;
};

}  // namespace cam::syscalls

#endif  // CAM_SYSCALLS_IDENTITY_IDENTITY_SYSCALLS_H_
