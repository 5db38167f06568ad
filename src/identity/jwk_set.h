// File: identity/jwk_set.h
// JwsAlgorithm, Jwk and JwkSet: the verification keys of JWT access tokens, parsed from a JWK Set
// (RFC 7517) document, and JwkSetSource, where a verifier gets the current set from.
//
// Accepted keys, each with a REQUIRED `alg` that is its one allowed algorithm (RFC 8725 section
// 3.1) and a REQUIRED `kid` unique in the set:
//   kty "OKP", crv "Ed25519", x          alg "EdDSA"      (RFC 8037)
//   kty "EC",  crv "P-256", x, y         alg "ES256"      (RFC 7518 section 6.2; on-curve check)
//   kty "oct", k (at least 32 bytes)     alg "HS256"      (RFC 7518 section 6.4; shared secret)
//   kty "AKP", pub (1952 bytes)          alg "ML-DSA-65"  (JOSE ML-DSA draft)
// A key whose kty, crv and alg do not agree, a private member (`d`, `priv`, RSA's `p`, `q`, `dp`,
// `dq`, `qi`, `oth`), `use` other than "sig", `key_ops` without "verify", an unsupported kty or
// alg, or a kid outside 1-256 printable ASCII characters makes the whole set invalid: a JWKS is
// local configuration, and a key silently dropped (as RFC 7517 section 5 permits for unknown
// kty) would surface later as unexplained authentication failures.
#ifndef CAM_IDENTITY_JWK_SET_H_
#define CAM_IDENTITY_JWK_SET_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/secure_buffer.h"

namespace cam::identity {

// The JWS algorithms camd verifies. `none` and every algorithm not listed are refused.
enum class JwsAlgorithm { kEdDSA, kES256, kHS256, kMlDsa65 };

// JwsAlgorithmName returns the JOSE name ("EdDSA", "ES256", "HS256", "ML-DSA-65").
std::string_view JwsAlgorithmName(JwsAlgorithm alg);

// JwsAlgorithmFromName returns the algorithm with JOSE name `name` (case-sensitive, as RFC 7515
// section 4.1.1 requires), or nullopt.
std::optional<JwsAlgorithm> JwsAlgorithmFromName(std::string_view name);

inline constexpr size_t kMaxKidLength = 256;
// RFC 7518 section 3.2: an HS256 key must be at least as long as the hash output.
inline constexpr size_t kMinHs256KeyBytes = 32;

// Jwk: one verification key. Movable, not copyable (an HS256 key is a secret).
struct Jwk {
  std::string kid;
  JwsAlgorithm alg = JwsAlgorithm::kEdDSA;
  // The public key: Ed25519 32 bytes; ES256 the 65-byte uncompressed SEC1 point 0x04||X||Y;
  // ML-DSA-65 the 1952-byte FIPS 204 encoding. Empty for HS256.
  std::vector<uint8_t> public_key;
  // HS256 only: the shared secret, locked and wiped.
  base::SecureBuffer secret;

  Jwk() = default;
  Jwk(Jwk&&) noexcept = default;
  Jwk& operator=(Jwk&&) noexcept = default;
  Jwk(const Jwk&) = delete;
  Jwk& operator=(const Jwk&) = delete;

  // VerifySignature checks `signature` over `signing_input` with this key and its algorithm.
  // OK or CAM_CRYPTO_VERIFY_FAILED (never reveals which check failed).
  absl::Status VerifySignature(std::string_view signing_input,
                               std::span<const uint8_t> signature) const;
};

struct JwkSetLimits {
  size_t max_document_bytes = 1 << 20;  // 1 MiB: room for ~300 ML-DSA-65 keys.
  size_t max_keys = 64;
};

// JwkSet: an immutable, validated set of keys, looked up by kid only. Safe to share between
// threads (callers hold it by shared_ptr<const JwkSet>).
class JwkSet {
 public:
  JwkSet() = default;
  JwkSet(JwkSet&&) noexcept = default;
  JwkSet& operator=(JwkSet&&) noexcept = default;

  // Parse validates a JWK Set document `{"keys":[...]}` as described at the top of this file.
  // Errors are InvalidArgument with a message naming the rule and the index of the offending key
  // (never key material).
  static absl::StatusOr<JwkSet> Parse(std::string_view json, const JwkSetLimits& limits = {});

  // Find returns the key with exactly this kid, or null. `kid` is compared, never interpreted.
  const Jwk* Find(std::string_view kid) const;

  size_t size() const { return keys_.size(); }
  std::span<const Jwk> keys() const { return keys_; }

  // ToPublicJson returns the set as a JWK Set document without secrets: HS256 keys are left out.
  std::string ToPublicJson() const;

  // PublicJwkJson returns one key's public JWK members as a JSON object text (kty, crv, x, y or
  // pub, kid, alg, use). Empty for an HS256 key.
  static std::string PublicJwkJson(const Jwk& key);

 private:
  std::vector<Jwk> keys_;
  std::map<std::string, size_t, std::less<>> by_kid_;
};

// JwkSetSource: where a verifier reads the current key set from. Current() never returns null
// and is safe from any thread.
class JwkSetSource {
 public:
  virtual ~JwkSetSource() = default;
  virtual std::shared_ptr<const JwkSet> Current() const = 0;
};

// StaticJwkSetSource always returns the set it was built with.
class StaticJwkSetSource final : public JwkSetSource {
 public:
  explicit StaticJwkSetSource(JwkSet set) : set_(std::make_shared<const JwkSet>(std::move(set))) {}
  std::shared_ptr<const JwkSet> Current() const override { return set_; }

 private:
  const std::shared_ptr<const JwkSet> set_;
};

}  // namespace cam::identity

#endif  // CAM_IDENTITY_JWK_SET_H_
