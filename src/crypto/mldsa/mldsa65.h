// File: crypto/mldsa/mldsa65.h
// ML-DSA-65 (FIPS 204, final): key generation, pure and pre-hash (HashML-DSA) signing and
// verification with context strings, and the internal interface on M' or on the 64-byte mu
// ("external mu"). Our own implementation; SHAKE comes from crypto/sha3, the SHA-2/SHA-3
// pre-hashes of HashML-DSA from OpenSSL.
//
// Secret keys are the 4032-byte FIPS 204 skEncode form and are returned in a SecureBuffer.
// Every function is safe to call from any number of threads at once: there is no shared state.
//
// Errors: a malformed input (wrong length, context longer than 255 bytes, secret key with
// out-of-range coefficients, wrong pre-hash digest length) gives CAM_CRYPTO_INVALID_INPUT; a
// signature that does not verify gives CAM_CRYPTO_VERIFY_FAILED. Verify functions report a
// wrong-length public key or a too-long context as invalid input, and anything wrong with the
// signature itself (length, hint encoding, norm bound, challenge) as a failed verification.
#ifndef CAM_CRYPTO_MLDSA_MLDSA65_H_
#define CAM_CRYPTO_MLDSA_MLDSA65_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "absl/status/status.h"
#include "base/secure_buffer.h"

namespace cam::crypto {

inline constexpr size_t kMlDsa65PublicKeyBytes = 1952;
inline constexpr size_t kMlDsa65SecretKeyBytes = 4032;
inline constexpr size_t kMlDsa65SignatureBytes = 3309;
// The key-generation seed xi.
inline constexpr size_t kMlDsaSeedBytes = 32;
// The per-signature randomness rnd (FIPS 204, Algorithm 2, line 5).
inline constexpr size_t kMlDsaRndBytes = 32;
// mu = H(tr || M', 64), the message representative signed by the internal algorithms.
inline constexpr size_t kMlDsaMuBytes = 64;
// Longest context string FIPS 204 allows.
inline constexpr size_t kMlDsaMaxContextBytes = 255;

using MlDsa65PublicKey = std::array<uint8_t, kMlDsa65PublicKeyBytes>;
using MlDsa65Signature = std::array<uint8_t, kMlDsa65SignatureBytes>;
using MlDsaRnd = std::array<uint8_t, kMlDsaRndBytes>;
using MlDsaMu = std::array<uint8_t, kMlDsaMuBytes>;

// Where the 32 bytes of rnd come from when signing.
enum class MlDsaRandomness {
  // Fresh rnd from the operating system for every signature (FIPS 204's default, "hedged"):
  // protects against fault and side-channel attacks that exploit repeated nonces.
  kHedged,
  // rnd = 32 zero bytes: the same key, message and context always give the same signature.
  kDeterministic,
};

struct MlDsaSignOptions {
  MlDsaRandomness randomness = MlDsaRandomness::kHedged;
  // When set, used as rnd instead of `randomness`. Only for known-answer tests: a repeated
  // rnd across different messages is no worse than deterministic signing, but never better.
  std::optional<MlDsaRnd> rnd;
};

// The pre-hash functions HashML-DSA accepts (FIPS 204, Section 5.4), each with its NIST OID.
// SHAKE-128 gives a 32-byte and SHAKE-256 a 64-byte digest.
enum class MlDsaPreHash {
  kSha2_224,
  kSha2_256,
  kSha2_384,
  kSha2_512,
  kSha2_512_224,
  kSha2_512_256,
  kSha3_224,
  kSha3_256,
  kSha3_384,
  kSha3_512,
  kShake128,
  kShake256,
};

// MlDsaPreHashDigestBytes returns the digest length that `hash` produces.
size_t MlDsaPreHashDigestBytes(MlDsaPreHash hash);

// --- Key generation -------------------------------------------------------------------------

// MlDsa65KeyGenFromSeed derives the key pair of seed `xi` (FIPS 204, Algorithm 6,
// ML-DSA.KeyGen_internal). `xi` must be kMlDsaSeedBytes long; on success `out_secret_key` holds
// kMlDsa65SecretKeyBytes. The seed is as secret as the key.
[[nodiscard]] absl::Status MlDsa65KeyGenFromSeed(MlDsa65PublicKey& out_public_key,
                                                 base::SecureBuffer& out_secret_key,
                                                 std::span<const uint8_t> xi);

// MlDsa65KeyGen generates a key pair from a fresh operating-system seed (FIPS 204,
// Algorithm 1, ML-DSA.KeyGen).
[[nodiscard]] absl::Status MlDsa65KeyGen(MlDsa65PublicKey& out_public_key,
                                         base::SecureBuffer& out_secret_key);

// --- Pure ML-DSA (FIPS 204, Algorithms 2 and 3) ---------------------------------------------

// MlDsa65Sign signs `message` under `context` (at most 255 bytes) with `secret_key`.
[[nodiscard]] absl::Status MlDsa65Sign(MlDsa65Signature& out_signature,
                                       std::span<const uint8_t> secret_key,
                                       std::span<const uint8_t> message,
                                       std::span<const uint8_t> context,
                                       const MlDsaSignOptions& options = {});

// MlDsa65Verify returns OK if `signature` is a valid signature of `message` under `context`.
[[nodiscard]] absl::Status MlDsa65Verify(std::span<const uint8_t> public_key,
                                         std::span<const uint8_t> message,
                                         std::span<const uint8_t> context,
                                         std::span<const uint8_t> signature);

// --- HashML-DSA (FIPS 204, Algorithms 4 and 5) ----------------------------------------------

// MlDsa65HashSign hashes `message` with `hash` and signs the digest with its OID under
// `context`. Signatures are not interchangeable with pure ML-DSA ones (domain separation).
[[nodiscard]] absl::Status MlDsa65HashSign(MlDsa65Signature& out_signature,
                                           std::span<const uint8_t> secret_key,
                                           std::span<const uint8_t> message,
                                           std::span<const uint8_t> context, MlDsaPreHash hash,
                                           const MlDsaSignOptions& options = {});

// MlDsa65HashSignDigest signs an already computed `digest` = PH(M); its length must be
// MlDsaPreHashDigestBytes(hash).
[[nodiscard]] absl::Status MlDsa65HashSignDigest(MlDsa65Signature& out_signature,
                                                 std::span<const uint8_t> secret_key,
                                                 std::span<const uint8_t> digest,
                                                 std::span<const uint8_t> context,
                                                 MlDsaPreHash hash,
                                                 const MlDsaSignOptions& options = {});

// MlDsa65HashVerify returns OK if `signature` is a valid HashML-DSA signature of `message`.
[[nodiscard]] absl::Status MlDsa65HashVerify(std::span<const uint8_t> public_key,
                                             std::span<const uint8_t> message,
                                             std::span<const uint8_t> context, MlDsaPreHash hash,
                                             std::span<const uint8_t> signature);

// MlDsa65HashVerifyDigest is MlDsa65HashVerify on an already computed digest.
[[nodiscard]] absl::Status MlDsa65HashVerifyDigest(std::span<const uint8_t> public_key,
                                                   std::span<const uint8_t> digest,
                                                   std::span<const uint8_t> context,
                                                   MlDsaPreHash hash,
                                                   std::span<const uint8_t> signature);

// --- Internal interface (FIPS 204, Algorithms 7 and 8) --------------------------------------
// These skip the domain separation of the external functions: use them only to implement a
// protocol that defines M' itself, or to split hashing (ComputeMu) from signing (external mu).

// MlDsa65SignInternal signs the formatted message `message_prime` with the given `rnd`.
[[nodiscard]] absl::Status MlDsa65SignInternal(MlDsa65Signature& out_signature,
                                               std::span<const uint8_t> secret_key,
                                               std::span<const uint8_t> message_prime,
                                               const MlDsaRnd& rnd);

// MlDsa65VerifyInternal returns OK if `signature` is valid for the formatted `message_prime`.
[[nodiscard]] absl::Status MlDsa65VerifyInternal(std::span<const uint8_t> public_key,
                                                 std::span<const uint8_t> message_prime,
                                                 std::span<const uint8_t> signature);

// MlDsa65ComputeMu computes mu = H(H(pk, 64) || 0 || |ctx| || ctx || M, 64), the value that
// pure ML-DSA signs, so a remote signer can sign without seeing the message.
[[nodiscard]] absl::Status MlDsa65ComputeMu(MlDsaMu& out_mu, std::span<const uint8_t> public_key,
                                            std::span<const uint8_t> message,
                                            std::span<const uint8_t> context);

// MlDsa65SignMu signs the message representative `mu` (Algorithm 7 from line 7 on).
[[nodiscard]] absl::Status MlDsa65SignMu(MlDsa65Signature& out_signature,
                                         std::span<const uint8_t> secret_key, const MlDsaMu& mu,
                                         const MlDsaRnd& rnd);

// MlDsa65VerifyMu returns OK if `signature` is valid for the message representative `mu`.
[[nodiscard]] absl::Status MlDsa65VerifyMu(std::span<const uint8_t> public_key, const MlDsaMu& mu,
                                           std::span<const uint8_t> signature);

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_MLDSA_MLDSA65_H_
