// File: crypto/hybrid/hybrid_signature.h
// Hybrid (composite) signatures: Ed25519 and ML-DSA-65 side by side, so a signature stays
// unforgeable while either scheme does. Verification requires BOTH component signatures to be
// valid; there is no mode that accepts one alone.
//
// Encoding (version 1; the byte layout is a persistent format, do not change it):
//   public key  = ed25519_pk (32) || mldsa65_pk (1952)              = 1984 bytes
//   secret key  = ed25519_seed (32) || mldsa65_sk (4032, skEncode)  = 4064 bytes (secret)
//   signature   = ed25519_sig (64) || mldsa65_sig (3309)            = 3373 bytes
// Both components sign the same domain-separated message
//   M' = "cam-hybrid-sig-v1" (17 ASCII bytes) || len(context) (1 byte) || context || message
// Ed25519 signs M' as is (RFC 8032 pure Ed25519). ML-DSA-65 signs M' with pure ML-DSA (FIPS 204,
// Algorithm 2) under the FIPS 204 context string "cam-hybrid-sig-v1". The label inside M' keeps
// either component from being lifted into a protocol that uses the bare scheme on other
// messages; the length prefix makes (context, message) pairs unambiguous. Contexts are at most
// 255 bytes.
//
// Errors: wrong-length keys or a too-long context give CAM_CRYPTO_INVALID_INPUT; a signature that
// is not 3373 bytes or whose components do not both verify gives CAM_CRYPTO_VERIFY_FAILED.
// Stateless and thread-safe.
#ifndef CAM_CRYPTO_HYBRID_HYBRID_SIGNATURE_H_
#define CAM_CRYPTO_HYBRID_HYBRID_SIGNATURE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "absl/status/status.h"
#include "base/secure_buffer.h"
#include "crypto/mldsa/mldsa65.h"
#include "crypto/primitives/ed25519.h"

namespace cam::crypto {

inline constexpr std::string_view kHybridSigLabel = "cam-hybrid-sig-v1";
inline constexpr size_t kHybridSigPublicKeyBytes = kEd25519PublicKeySize + kMlDsa65PublicKeyBytes;
inline constexpr size_t kHybridSigSecretKeyBytes = kEd25519SeedSize + kMlDsa65SecretKeyBytes;
inline constexpr size_t kHybridSignatureBytes = kEd25519SignatureSize + kMlDsa65SignatureBytes;
// The key-generation seed: the Ed25519 seed followed by the ML-DSA seed xi.
inline constexpr size_t kHybridSigSeedBytes = kEd25519SeedSize + kMlDsaSeedBytes;
inline constexpr size_t kHybridSigMaxContextBytes = 255;

using HybridSigPublicKey = std::array<uint8_t, kHybridSigPublicKeyBytes>;
using HybridSignature = std::array<uint8_t, kHybridSignatureBytes>;

// HybridSigKeyGenFromSeed derives a key pair from `seed` = ed25519_seed (32) || xi (32). Fails
// with kCryptoInvalidInput if the seed is not 64 bytes. The seed is as secret as the key.
[[nodiscard]] absl::Status HybridSigKeyGenFromSeed(HybridSigPublicKey& out_public_key,
                                                   base::SecureBuffer& out_secret_key,
                                                   std::span<const uint8_t> seed);

// HybridSigKeyGen generates a key pair from a fresh operating-system seed.
[[nodiscard]] absl::Status HybridSigKeyGen(HybridSigPublicKey& out_public_key,
                                           base::SecureBuffer& out_secret_key);

// HybridSign signs `message` under `context` with both components. ML-DSA randomness follows
// `options` (hedged by default).
[[nodiscard]] absl::Status HybridSign(HybridSignature& out_signature,
                                      std::span<const uint8_t> secret_key,
                                      std::span<const uint8_t> message,
                                      std::span<const uint8_t> context,
                                      const MlDsaSignOptions& options = {});

// HybridVerify returns OK only if both the Ed25519 and the ML-DSA-65 signature in `signature`
// are valid for `message` under `context` and `public_key`.
[[nodiscard]] absl::Status HybridVerify(std::span<const uint8_t> public_key,
                                        std::span<const uint8_t> message,
                                        std::span<const uint8_t> context,
                                        std::span<const uint8_t> signature);

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_HYBRID_HYBRID_SIGNATURE_H_
