// File: crypto/primitives/ed25519.h
// Ed25519 signatures (RFC 8032, pure EdDSA, no context or prehash) over OpenSSL. The private key
// is the 32-byte seed; public keys are 32 bytes and signatures 64. Verification is strict: it
// rejects S >= L, and signatures of any length other than 64. Key generation draws from
// OpenSSL's default DRBG (seeded from the operating system). Stateless and thread-safe.
#ifndef CAM_CRYPTO_PRIMITIVES_ED25519_H_
#define CAM_CRYPTO_PRIMITIVES_ED25519_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crypto/primitives/secret_array.h"

namespace cam::crypto {

inline constexpr size_t kEd25519SeedSize = 32;
inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;

using Ed25519Seed = SecretArray<kEd25519SeedSize>;
using Ed25519PublicKey = std::array<uint8_t, kEd25519PublicKeySize>;
using Ed25519Signature = std::array<uint8_t, kEd25519SignatureSize>;

struct Ed25519KeyPair {
  Ed25519Seed seed;
  Ed25519PublicKey public_key;
};

// Ed25519GenerateKeyPair returns a fresh key pair.
[[nodiscard]] absl::StatusOr<Ed25519KeyPair> Ed25519GenerateKeyPair();

// Ed25519KeyPairFromSeed copies `seed` and derives its public key (RFC 8032 section 5.1.5).
[[nodiscard]] absl::StatusOr<Ed25519KeyPair> Ed25519KeyPairFromSeed(
    std::span<const uint8_t, kEd25519SeedSize> seed);

// Ed25519Sign returns the deterministic signature of `message` under `seed`.
[[nodiscard]] absl::StatusOr<Ed25519Signature> Ed25519Sign(
    std::span<const uint8_t, kEd25519SeedSize> seed, std::span<const uint8_t> message);

// Ed25519Verify returns OK if `signature` is a valid signature of `message` under
// `public_key`, and CAM_CRYPTO_VERIFY_FAILED otherwise (including a malformed public key or a
// signature that is not 64 bytes).
[[nodiscard]] absl::Status Ed25519Verify(std::span<const uint8_t, kEd25519PublicKeySize> public_key,
                                         std::span<const uint8_t> message,
                                         std::span<const uint8_t> signature);

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_PRIMITIVES_ED25519_H_
