// File: envelope/credential_verifier.h
// CredentialVerifier: turns a bearer token or an API key presented with a call into a Principal.
// The authenticate stage asks it; the identity syscalls implement it (JWT verifier, API-key
// store, per-source back-off), so the envelope stays free of token formats.
#ifndef CAM_ENVELOPE_CREDENTIAL_VERIFIER_H_
#define CAM_ENVELOPE_CREDENTIAL_VERIFIER_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "envelope/call.h"
#include "envelope/principal.h"

namespace cam::envelope {

class CredentialVerifier {
 public:
  virtual ~CredentialVerifier() = default;
  // Each returns the principal the credential proves, with `factors` set ("token", plus "totp"
  // when the token says a one-time code was checked; "api_key"), or an UNAUTHENTICATED /
  // RESOURCE_EXHAUSTED (back-off) error whose reason does not reveal what was wrong with it.
  // `call` gives the source address and the client certificate.
  virtual absl::StatusOr<Principal> VerifyBearerToken(std::string_view token,
                                                      const Call& call) const = 0;
  virtual absl::StatusOr<Principal> VerifyApiKey(std::string_view key, const Call& call) const = 0;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_CREDENTIAL_VERIFIER_H_
