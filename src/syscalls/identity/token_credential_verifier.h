// File: syscalls/identity/token_credential_verifier.h
// TokenCredentialVerifier: the envelope's CredentialVerifier over the identity layer. Bearer
// tokens go to the JwtVerifier (camd's own signing keys), API keys to the ApiKeyStore; every
// source address that fails repeatedly is refused for a while (AuthBackoff) before any
// verification work is done, so guessing costs the guesser, not camd. A token bound to a client
// certificate (`cnf.x5t#S256`) is refused, like any invalid token, on a call whose verified
// certificate has another digest.
#ifndef CAM_SYSCALLS_IDENTITY_TOKEN_CREDENTIAL_VERIFIER_H_
#define CAM_SYSCALLS_IDENTITY_TOKEN_CREDENTIAL_VERIFIER_H_

#include <string>

#include "base/clock.h"
#include "envelope/credential_verifier.h"
#include "identity/api_key_store.h"
#include "identity/auth_backoff.h"
#include "identity/jwt_verifier.h"

namespace cam::syscalls {

class TokenCredentialVerifier final : public envelope::CredentialVerifier {
 public:
  // Nothing is owned; everything must outlive this object.
  TokenCredentialVerifier(const identity::JwtVerifier* tokens, identity::ApiKeyStore* api_keys,
                          identity::AuthBackoff* backoff, const base::Clock* clock)
      : tokens_(tokens), api_keys_(api_keys), backoff_(backoff), clock_(clock) {}

  absl::StatusOr<envelope::Principal> VerifyBearerToken(std::string_view token,
                                                        const envelope::Call& call) const override;
  absl::StatusOr<envelope::Principal> VerifyApiKey(std::string_view key,
                                                   const envelope::Call& call) const override;

 private:
  // Counts the outcome for the call's source address.
  absl::StatusOr<envelope::Principal> Record(absl::StatusOr<envelope::Principal> result,
                                             const std::string& source) const;

  const identity::JwtVerifier* tokens_;
  identity::ApiKeyStore* api_keys_;
  identity::AuthBackoff* backoff_;
  const base::Clock* clock_;
};

// KindFromName maps "agent" / "operator" / "service" (empty: agent); nullopt for anything else.
std::optional<envelope::PrincipalKind> KindFromName(std::string_view name);

}  // namespace cam::syscalls

#endif  // CAM_SYSCALLS_IDENTITY_TOKEN_CREDENTIAL_VERIFIER_H_
