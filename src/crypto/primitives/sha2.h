// File: crypto/primitives/sha2.h
// One-shot SHA-256, SHA-384 and SHA-512 (FIPS 180-4) over OpenSSL. For SHA-3 and SHAKE see
// crypto/sha3/keccak.h. Stateless and thread-safe.
#ifndef CAM_CRYPTO_PRIMITIVES_SHA2_H_
#define CAM_CRYPTO_PRIMITIVES_SHA2_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "absl/status/statusor.h"

namespace cam::crypto {

inline constexpr size_t kSha256DigestSize = 32;
inline constexpr size_t kSha384DigestSize = 48;
inline constexpr size_t kSha512DigestSize = 64;

using Sha256Digest = std::array<uint8_t, kSha256DigestSize>;
using Sha384Digest = std::array<uint8_t, kSha384DigestSize>;
using Sha512Digest = std::array<uint8_t, kSha512DigestSize>;

// Each returns the digest of `data`. They fail (CAM_INTERNAL_ERROR) only when OpenSSL cannot
// provide the algorithm or allocate, never because of the input.
[[nodiscard]] absl::StatusOr<Sha256Digest> Sha256(std::span<const uint8_t> data);
[[nodiscard]] absl::StatusOr<Sha384Digest> Sha384(std::span<const uint8_t> data);
[[nodiscard]] absl::StatusOr<Sha512Digest> Sha512(std::span<const uint8_t> data);

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_PRIMITIVES_SHA2_H_
