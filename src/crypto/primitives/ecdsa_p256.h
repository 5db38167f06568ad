// File: crypto/primitives/ecdsa_p256.h
// ECDSA over NIST P-256 with SHA-256 (FIPS 186-5) over OpenSSL: key generation, signing in DER
// (X.509, TLS) and raw r || s (IEEE P1363, as JOSE ES256 uses) form, verification of both, and
// public key import/export as an uncompressed SEC1 point or a SubjectPublicKeyInfo DER.
//
// Keys: the private key is the 32-byte big-endian scalar d (1 <= d < n); the public key is the
// 65-byte uncompressed point 0x04 || X || Y, always validated to lie on the curve on import.
// Signing uses OpenSSL's randomized nonce, which mixes the private key and message into the
// DRBG output, so two signatures of one message differ. Verification accepts only strict DER
// (no BER) and only 0 < r, s < n. Stateless and thread-safe.
#ifndef CAM_CRYPTO_PRIMITIVES_ECDSA_P256_H_
#define CAM_CRYPTO_PRIMITIVES_ECDSA_P256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crypto/primitives/secret_array.h"

namespace cam::crypto {

inline constexpr size_t kEcdsaP256PrivateKeySize = 32;
inline constexpr size_t kEcdsaP256PublicKeySize = 65;
inline constexpr size_t kEcdsaP256RawSignatureSize = 64;
// A DER signature is at most SEQUENCE(2 x INTEGER of 33 bytes) = 72 bytes.
inline constexpr size_t kEcdsaP256MaxDerSignatureSize = 72;

using EcdsaP256PrivateKey = SecretArray<kEcdsaP256PrivateKeySize>;
// Uncompressed SEC1 point: 0x04 || X (32 bytes) || Y (32 bytes).
using EcdsaP256PublicKey = std::array<uint8_t, kEcdsaP256PublicKeySize>;
using EcdsaP256RawSignature = std::array<uint8_t, kEcdsaP256RawSignatureSize>;

struct EcdsaP256KeyPair {
  EcdsaP256PrivateKey private_key;
  EcdsaP256PublicKey public_key;
};

// EcdsaP256GenerateKeyPair returns a fresh key pair from OpenSSL's default DRBG.
[[nodiscard]] absl::StatusOr<EcdsaP256KeyPair> EcdsaP256GenerateKeyPair();

// EcdsaP256KeyPairFromPrivate copies `private_key` and computes its public point.
// CAM_CRYPTO_INVALID_INPUT unless 1 <= d < n.
[[nodiscard]] absl::StatusOr<EcdsaP256KeyPair> EcdsaP256KeyPairFromPrivate(
    std::span<const uint8_t, kEcdsaP256PrivateKeySize> private_key);

// EcdsaP256SignDer returns the DER-encoded ECDSA-SHA256 signature of `message`.
[[nodiscard]] absl::StatusOr<std::vector<uint8_t>> EcdsaP256SignDer(
    std::span<const uint8_t, kEcdsaP256PrivateKeySize> private_key,
    std::span<const uint8_t> message);

// EcdsaP256SignRaw returns the signature of `message` as r || s, each 32 bytes big-endian.
[[nodiscard]] absl::StatusOr<EcdsaP256RawSignature> EcdsaP256SignRaw(
    std::span<const uint8_t, kEcdsaP256PrivateKeySize> private_key,
    std::span<const uint8_t> message);

// EcdsaP256VerifyDer returns OK if `der_signature` is a valid strict-DER signature of
// `message`, CAM_CRYPTO_VERIFY_FAILED otherwise (including a public key not on the curve).
[[nodiscard]] absl::Status EcdsaP256VerifyDer(
    std::span<const uint8_t, kEcdsaP256PublicKeySize> public_key, std::span<const uint8_t> message,
    std::span<const uint8_t> der_signature);

// EcdsaP256VerifyRaw is EcdsaP256VerifyDer for an r || s signature; any length other than 64
// bytes fails with CAM_CRYPTO_VERIFY_FAILED.
[[nodiscard]] absl::Status EcdsaP256VerifyRaw(
    std::span<const uint8_t, kEcdsaP256PublicKeySize> public_key, std::span<const uint8_t> message,
    std::span<const uint8_t> raw_signature);

// EcdsaP256PublicKeyFromSec1 accepts an uncompressed SEC1 point (65 bytes, 0x04 prefix) that
// lies on P-256; anything else is CAM_CRYPTO_INVALID_INPUT. Compressed points are refused.
[[nodiscard]] absl::StatusOr<EcdsaP256PublicKey> EcdsaP256PublicKeyFromSec1(
    std::span<const uint8_t> point);

// EcdsaP256PublicKeyFromSpki parses a DER SubjectPublicKeyInfo (RFC 5480: id-ecPublicKey with
// the named curve prime256v1) and returns its point. Trailing bytes, other curves, explicit
// curve parameters and off-curve points are CAM_CRYPTO_INVALID_INPUT.
[[nodiscard]] absl::StatusOr<EcdsaP256PublicKey> EcdsaP256PublicKeyFromSpki(
    std::span<const uint8_t> spki_der);

// EcdsaP256PublicKeyToSpki returns the DER SubjectPublicKeyInfo of `public_key` (named curve,
// uncompressed point; 91 bytes).
[[nodiscard]] absl::StatusOr<std::vector<uint8_t>> EcdsaP256PublicKeyToSpki(
    std::span<const uint8_t, kEcdsaP256PublicKeySize> public_key);

// EcdsaP256DerToRaw and EcdsaP256RawToDer convert between the two signature forms without
// verifying. DerToRaw accepts only strict DER with 0 < r, s < 2^256.
[[nodiscard]] absl::StatusOr<EcdsaP256RawSignature> EcdsaP256DerToRaw(
    std::span<const uint8_t> der_signature);
[[nodiscard]] absl::StatusOr<std::vector<uint8_t>> EcdsaP256RawToDer(
    std::span<const uint8_t, kEcdsaP256RawSignatureSize> raw_signature);

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_PRIMITIVES_ECDSA_P256_H_
