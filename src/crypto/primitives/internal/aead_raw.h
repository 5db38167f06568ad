// File: crypto/primitives/internal/aead_raw.h
// The AEAD engine behind aead.h, without the camd size policy: AES-GCM with a 16-, 24- or
// 32-byte key and any non-empty IV length, and ChaCha20-Poly1305 (12-byte nonce only, since
// RFC 8439 defines no other). The public API pins 32-byte keys and 12-byte nonces; this entry
// point exists so conformance tests can run every Wycheproof group through the same code.
#ifndef CAM_CRYPTO_PRIMITIVES_INTERNAL_AEAD_RAW_H_
#define CAM_CRYPTO_PRIMITIVES_INTERNAL_AEAD_RAW_H_

#include <cstdint>
#include <span>

#include "absl/status/status.h"

namespace cam::crypto::internal {

enum class RawAead {
  kAesGcm,  // The AES key size follows the key length.
  kChaCha20Poly1305,
};

// RawAeadSeal writes ciphertext || 16-byte tag to `out_ciphertext` (plaintext.size() + 16
// bytes). CAM_CRYPTO_INVALID_INPUT for unsupported key or IV lengths.
[[nodiscard]] absl::Status RawAeadSeal(RawAead aead, std::span<const uint8_t> key,
                                       std::span<const uint8_t> iv,
                                       std::span<const uint8_t> plaintext,
                                       std::span<const uint8_t> aad,
                                       std::span<uint8_t> out_ciphertext);

// RawAeadOpen checks and decrypts ciphertext || tag into `out_plaintext`
// (ciphertext.size() - 16 bytes). Every failure is CAM_CRYPTO_DECRYPT_FAILED and zeroes
// `out_plaintext`.
[[nodiscard]] absl::Status RawAeadOpen(RawAead aead, std::span<const uint8_t> key,
                                       std::span<const uint8_t> iv,
                                       std::span<const uint8_t> ciphertext,
                                       std::span<const uint8_t> aad,
                                       std::span<uint8_t> out_plaintext);

}  // namespace cam::crypto::internal

#endif  // CAM_CRYPTO_PRIMITIVES_INTERNAL_AEAD_RAW_H_
