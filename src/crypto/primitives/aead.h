// File: crypto/primitives/aead.h
// Authenticated encryption with associated data over OpenSSL: AES-256-GCM and
// ChaCha20-Poly1305, both with a 32-byte key, a 12-byte nonce and a 16-byte tag appended to the
// ciphertext. Opening never says why it failed: a wrong key, a changed tag, ciphertext, nonce or
// associated data, and malformed lengths all return the same CAM_CRYPTO_DECRYPT_FAILED.
//
// Nonces must never repeat under one key. With AeadSealWithRandomNonce, keep to at most 2^32
// messages per key (NIST SP 800-38D section 8.3 bound for random 96-bit nonces).
//
// Thread safety: all functions are stateless and may be called concurrently.
#ifndef CAM_CRYPTO_PRIMITIVES_AEAD_H_
#define CAM_CRYPTO_PRIMITIVES_AEAD_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace cam::crypto {

enum class AeadAlgorithm {
  kAes256Gcm,
  kChaCha20Poly1305,
};

inline constexpr size_t kAeadKeySize = 32;
inline constexpr size_t kAeadNonceSize = 12;
inline constexpr size_t kAeadTagSize = 16;

// AeadSeal encrypts `plaintext` and authenticates it together with `aad`, returning
// ciphertext || tag (plaintext.size() + kAeadTagSize bytes). Fails with
// CAM_CRYPTO_INVALID_INPUT if `key` is not kAeadKeySize bytes or `nonce` not kAeadNonceSize.
[[nodiscard]] absl::StatusOr<std::vector<uint8_t>> AeadSeal(AeadAlgorithm algorithm,
                                                            std::span<const uint8_t> key,
                                                            std::span<const uint8_t> nonce,
                                                            std::span<const uint8_t> plaintext,
                                                            std::span<const uint8_t> aad);

// AeadSealInto is AeadSeal writing into `out_ciphertext`, which must be exactly
// plaintext.size() + kAeadTagSize bytes.
[[nodiscard]] absl::Status AeadSealInto(AeadAlgorithm algorithm, std::span<const uint8_t> key,
                                        std::span<const uint8_t> nonce,
                                        std::span<const uint8_t> plaintext,
                                        std::span<const uint8_t> aad,
                                        std::span<uint8_t> out_ciphertext);

// AeadOpen checks and decrypts ciphertext || tag as produced by AeadSeal with the same key,
// nonce and `aad`. Every failure is CAM_CRYPTO_DECRYPT_FAILED with one fixed message.
[[nodiscard]] absl::StatusOr<std::vector<uint8_t>> AeadOpen(AeadAlgorithm algorithm,
                                                            std::span<const uint8_t> key,
                                                            std::span<const uint8_t> nonce,
                                                            std::span<const uint8_t> ciphertext,
                                                            std::span<const uint8_t> aad);

// AeadOpenInto is AeadOpen writing into `out_plaintext` (for example a base::SecureBuffer when
// the plaintext is a key), which must be exactly ciphertext.size() - kAeadTagSize bytes. On
// failure `out_plaintext` is zeroed, so unauthenticated plaintext is never left behind.
[[nodiscard]] absl::Status AeadOpenInto(AeadAlgorithm algorithm, std::span<const uint8_t> key,
                                        std::span<const uint8_t> nonce,
                                        std::span<const uint8_t> ciphertext,
                                        std::span<const uint8_t> aad,
                                        std::span<uint8_t> out_plaintext);

// AeadSealWithRandomNonce draws a fresh nonce from the kernel CSPRNG and returns
// nonce || ciphertext || tag.
[[nodiscard]] absl::StatusOr<std::vector<uint8_t>> AeadSealWithRandomNonce(
    AeadAlgorithm algorithm, std::span<const uint8_t> key, std::span<const uint8_t> plaintext,
    std::span<const uint8_t> aad);

// AeadOpenWithPrependedNonce opens the output of AeadSealWithRandomNonce. Every failure
// (including input shorter than nonce + tag) is CAM_CRYPTO_DECRYPT_FAILED.
[[nodiscard]] absl::StatusOr<std::vector<uint8_t>> AeadOpenWithPrependedNonce(
    AeadAlgorithm algorithm, std::span<const uint8_t> key, std::span<const uint8_t> sealed,
    std::span<const uint8_t> aad);

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_PRIMITIVES_AEAD_H_
