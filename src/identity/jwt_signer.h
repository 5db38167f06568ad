// File: identity/jwt_signer.h
// JwtSigner: issues camd access tokens as compact JWS (`typ` at+jwt) with one private key
// (EdDSA, ES256 or ML-DSA-65), for TokenIssue, and exports the matching public JWK so a
// JwtVerifier configured with that JWK Set accepts what it signs.
#ifndef CAM_IDENTITY_JWT_SIGNER_H_
#define CAM_IDENTITY_JWT_SIGNER_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/secure_buffer.h"
#include "identity/jwk_set.h"

namespace cam::identity {

// What goes into one token. iat is `now`; nbf is `now` too; exp is now + lifetime.
struct TokenToIssue {
  std::string issuer = "camd";
  std::vector<std::string> audience = {"cam-api"};  // one entry is written as a string
  std::string subject;
  absl::Duration lifetime = absl::Minutes(15);
  std::vector<std::string> scopes;          // written as the space-separated `scope` claim
  std::vector<std::string> amr;             // omitted when empty
  std::string tenant;                       // omitted when empty
  std::string kind;                         // "agent", "operator", "service"; omitted when empty
  std::optional<std::string> cnf_x5t_s256;  // RFC 8705 certificate binding
};

struct IssuedToken {
  std::string token;  // the compact JWS
  std::string jti;    // 128 random bits, base64url
  absl::Time issue_time;
  absl::Time expire_time;
  std::string kid;
  JwsAlgorithm alg = JwsAlgorithm::kEdDSA;
};

// Movable, not copyable; the private key is wiped on destruction. Issue is const and safe to
// call from any number of threads.
class JwtSigner {
 public:
  // Generate makes a fresh key pair for `alg` (EdDSA, ES256 or ML-DSA-65; HS256 is refused:
  // camd never issues symmetric tokens).
  static absl::StatusOr<JwtSigner> Generate(JwsAlgorithm alg, std::string kid);

  // FromPrivateKey imports an existing key: the 32-byte Ed25519 seed, the 32-byte P-256 scalar,
  // or the 4032-byte ML-DSA-65 secret key together with its 1952-byte public key (the secret
  // key encoding does not contain it). `public_key` is ignored for EdDSA and ES256.
  static absl::StatusOr<JwtSigner> FromPrivateKey(JwsAlgorithm alg, std::string kid,
                                                  std::span<const uint8_t> private_key,
                                                  std::span<const uint8_t> public_key = {});

  JwtSigner(JwtSigner&&) noexcept = default;
  JwtSigner& operator=(JwtSigner&&) noexcept = default;

  // Issue builds, signs and returns one access token. InvalidArgument for an empty subject,
  // issuer or audience, or a non-positive lifetime.
  absl::StatusOr<IssuedToken> Issue(const TokenToIssue& request, absl::Time now) const;

  // SignCompact signs an arbitrary protected header and payload (both JSON texts, used as given)
  // and returns the compact JWS. The header is NOT checked to name this key's alg or kid: this is
  // the raw signing layer, for tests and for callers that build their own headers.
  absl::StatusOr<std::string> SignCompact(std::string_view header_json,
                                          std::string_view payload_json) const;

  // Sign returns the JWS signature of `signing_input` with this key.
  absl::StatusOr<std::vector<uint8_t>> Sign(std::string_view signing_input) const;

  const std::string& kid() const { return kid_; }
  JwsAlgorithm alg() const { return alg_; }
  const std::vector<uint8_t>& public_key() const { return public_key_; }

  // PublicJwkJson returns this key's public JWK (kty, crv/x/y or pub, kid, alg, use).
  std::string PublicJwkJson() const;

  // PublicJwkSetJson returns `{"keys":[...]}` with the public JWK of every signer, the document
  // a verifier's JWK Set file holds.
  static std::string PublicJwkSetJson(std::span<const JwtSigner* const> signers);

 private:
  JwtSigner(JwsAlgorithm alg, std::string kid, base::SecureBuffer private_key,
            std::vector<uint8_t> public_key)
      : alg_(alg),
        kid_(std::move(kid)),
        private_key_(std::move(private_key)),
        public_key_(std::move(public_key)) {}

  JwsAlgorithm alg_;
  std::string kid_;
  base::SecureBuffer private_key_;
  std::vector<uint8_t> public_key_;
};

}  // namespace cam::identity

#endif  // CAM_IDENTITY_JWT_SIGNER_H_
