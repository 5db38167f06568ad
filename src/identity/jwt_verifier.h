// File: identity/jwt_verifier.h
// JwtVerifier: verifies camd access tokens (JWT, RFC 7519, as a compact JWS, RFC 7515) following
// the JWT BCP (RFC 8725) and the access-token profile (RFC 9068), and caches successes.
//
// The rules, in the order they are applied:
//   1. At most `max_token_bytes`; exactly three parts; strict unpadded base64url.
//   2. The header is a strict JSON object (no duplicate names). `alg` is required and must be a
//      supported algorithm (never `none`); `kid` is required (a token without one is refused:
//      the key is chosen by lookup only, never by trying keys, never from the token); `typ` is
//      required and must be `at+jwt` or `application/at+jwt` (case-insensitive media type);
//      `jku`, `x5u`, `jwk`, `x5c` (key material or key locations from the token) and `b64`
//      (RFC 7797) are refused; `crit` is refused unless every name in it is a header present
//      in the token and listed in `understood_critical_headers` (empty by default).
//   3. The key is looked up by `kid` in the current JwkSet; the header `alg` must equal the key's
//      one `alg`; the signature must verify. Unknown kid, algorithm mismatch and bad signature
//      give the same reason AND the same message, so a caller cannot probe which kids exist.
//   4. Only then is the payload parsed (strict JSON object) and the claims checked: `iss`
//      equal to `issuer`; `aud` (string or array) containing one of `audiences`; `sub`
//      required; `exp` required; `nbf` and `iat` optional; all NumericDates.
//   5. Time, with `leeway` either way: now >= exp + leeway is CAM_AUTH_TOKEN_EXPIRED; now +
//      leeway < nbf, or iat > now + leeway (a token from the future: a skewed issuer clock), is
//      CAM_AUTH_TOKEN_NOT_YET_VALID. Time is judged only after the signature, so a forged token
//      never learns anything but CAM_AUTH_CREDENTIALS_INVALID.
// Every other failure is CAM_AUTH_CREDENTIALS_INVALID. The status message names the rule for the
// debug log; it never contains the token, the kid or any claim value.
//
// Cache: successes are remembered by SHA-256 of the token bytes until their `exp`, bounded by
// `cache_capacity`, and only while the JwkSet they were verified against is still current (a
// key removed from the set stops its cached tokens at once). A cache hit still re-checks time.
#ifndef CAM_IDENTITY_JWT_VERIFIER_H_
#define CAM_IDENTITY_JWT_VERIFIER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "identity/jwk_set.h"

namespace cam::identity {

struct JwtVerifierConfig {
  // Required `iss`, compared exactly. Default "camd" (DESIGN section 5).
  std::string issuer = "camd";
  // The token's `aud` must contain at least one of these. Default {"cam-api"}.
  std::vector<std::string> audiences = {"cam-api"};
  // Clock skew tolerated on exp, nbf and iat. Default 30 s; at most 5 min.
  absl::Duration leeway = absl::Seconds(30);
  // Longer tokens are refused before any parsing. Default 8 KiB; ML-DSA-65 tokens are ~5 KiB.
  size_t max_token_bytes = 8 * 1024;
  // Header names this deployment implements and so accepts in `crit`. Default none.
  std::vector<std::string> understood_critical_headers;
  // Verified tokens remembered; 0 disables the cache. Default 10000.
  size_t cache_capacity = 10000;
};

struct TokenHeader {
  std::string alg;
  std::string kid;
  std::string typ;
};

struct TokenClaims {
  std::string sub;
  std::string iss;
  std::vector<std::string> aud;  // a string `aud` becomes a one-element list
  absl::Time exp;
  std::optional<absl::Time> nbf;
  std::optional<absl::Time> iat;
  std::string jti;
  // From `scope` (space-separated, RFC 8693 section 4.2) or a `scopes` array; not both.
  std::vector<std::string> scopes;
  std::vector<std::string> amr;  // authentication methods (RFC 8176), e.g. "pwd", "otp", "mtls"
  std::string tenant;
  std::string kind;  // "agent", "operator", "service", or empty
  // RFC 8705 certificate binding: base64url SHA-256 of the client certificate, when present.
  std::optional<std::string> cnf_x5t_s256;
};

struct VerifiedToken {
  TokenHeader header;
  TokenClaims claims;
};

// Thread-safe: Verify may be called from any number of threads.
class JwtVerifier {
 public:
  // Create checks `config` (non-empty issuer and audiences, 0 <= leeway <= 5 min,
  // 256 <= max_token_bytes <= 64 KiB) and returns InvalidArgument when it is out of bounds.
  static absl::StatusOr<std::unique_ptr<JwtVerifier>> Create(
      JwtVerifierConfig config, std::shared_ptr<const JwkSetSource> keys);

  JwtVerifier(const JwtVerifier&) = delete;
  JwtVerifier& operator=(const JwtVerifier&) = delete;

  // Verify applies the rules above at time `now`.
  absl::StatusOr<VerifiedToken> Verify(std::string_view token, absl::Time now) const;

  // How many entries the cache holds (tests).
  size_t cache_size() const;

 private:
  struct CacheEntry {
    VerifiedToken token;
    std::shared_ptr<const JwkSet> keys;  // the set it was verified with
  };

  JwtVerifier(JwtVerifierConfig config, std::shared_ptr<const JwkSetSource> keys)
      : config_(std::move(config)), keys_(std::move(keys)) {}

  absl::StatusOr<VerifiedToken> VerifyUncached(std::string_view token,
                                               const std::shared_ptr<const JwkSet>& keys) const;
  absl::Status CheckTime(const TokenClaims& claims, absl::Time now) const;
  void Remember(const std::string& digest, const VerifiedToken& token,
                std::shared_ptr<const JwkSet> keys, absl::Time now) const;

  const JwtVerifierConfig config_;
  const std::shared_ptr<const JwkSetSource> keys_;

  mutable absl::Mutex cache_mu_;
  mutable std::unordered_map<std::string, CacheEntry> cache_ ABSL_GUARDED_BY(cache_mu_);
};

// CheckCertificateBinding enforces RFC 8705 section 3: a token whose claims carry
// `cnf.x5t#S256` is usable only on a connection whose client certificate has that SHA-256
// digest. `certificate_sha256` is the binary digest of the connection's verified client
// certificate (empty when there is none). OK for an unbound token; a missing or different
// certificate is CAM_AUTH_CREDENTIALS_INVALID, like any other unusable token. The digests are
// compared in constant time.
absl::Status CheckCertificateBinding(const TokenClaims& claims,
                                     std::string_view certificate_sha256);

}  // namespace cam::identity

#endif  // CAM_IDENTITY_JWT_VERIFIER_H_
