// File: crypto/primitives/hkdf.h
// HKDF-SHA256 (RFC 5869) over OpenSSL's HKDF: Extract, Expand, and the one-shot
// Extract-then-Expand. Derived keys are secrets and come back in wiping containers.
// Stateless and thread-safe.
#ifndef CAM_CRYPTO_PRIMITIVES_HKDF_H_
#define CAM_CRYPTO_PRIMITIVES_HKDF_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/secure_buffer.h"
#include "crypto/primitives/secret_array.h"

namespace cam::crypto {

// The pseudorandom key produced by Extract is one SHA-256 output.
inline constexpr size_t kHkdfSha256PrkSize = 32;
// RFC 5869 section 2.3: L <= 255 * HashLen.
inline constexpr size_t kHkdfSha256MaxOutputSize = 255 * 32;

using HkdfSha256Prk = SecretArray<kHkdfSha256PrkSize>;

// HkdfSha256Extract returns PRK = HMAC-SHA256(salt, ikm). An empty `salt` means HashLen zero
// bytes (RFC 5869 section 2.2).
[[nodiscard]] absl::StatusOr<HkdfSha256Prk> HkdfSha256Extract(std::span<const uint8_t> ikm,
                                                              std::span<const uint8_t> salt);

// HkdfSha256Expand fills `out_key` (1 to kHkdfSha256MaxOutputSize bytes) with
// HKDF-Expand(prk, info); other sizes fail with CAM_CRYPTO_INVALID_INPUT.
[[nodiscard]] absl::Status HkdfSha256Expand(std::span<const uint8_t, kHkdfSha256PrkSize> prk,
                                            std::span<const uint8_t> info,
                                            std::span<uint8_t> out_key);

// HkdfSha256 is Extract then Expand into `out_key` (1 to kHkdfSha256MaxOutputSize bytes).
[[nodiscard]] absl::Status HkdfSha256(std::span<const uint8_t> ikm, std::span<const uint8_t> salt,
                                      std::span<const uint8_t> info, std::span<uint8_t> out_key);

// HkdfSha256 returns `length` derived bytes in a SecureBuffer.
[[nodiscard]] absl::StatusOr<base::SecureBuffer> HkdfSha256(std::span<const uint8_t> ikm,
                                                            std::span<const uint8_t> salt,
                                                            std::span<const uint8_t> info,
                                                            size_t length);

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_PRIMITIVES_HKDF_H_
