// File: crypto/primitives/hmac.h
// HMAC-SHA256 (RFC 2104, FIPS 198-1) over OpenSSL: one-shot, incremental, and a verifier that
// compares tags in constant time. Keys of any length are accepted, as RFC 2104 allows; keys
// shorter than 32 bytes weaken the MAC, so callers that create keys should use 32.
#ifndef CAM_CRYPTO_PRIMITIVES_HMAC_H_
#define CAM_CRYPTO_PRIMITIVES_HMAC_H_

#include <openssl/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace cam::crypto {

inline constexpr size_t kHmacSha256TagSize = 32;
using HmacSha256Tag = std::array<uint8_t, kHmacSha256TagSize>;

// HmacSha256 returns HMAC-SHA256(key, data).
[[nodiscard]] absl::StatusOr<HmacSha256Tag> HmacSha256(std::span<const uint8_t> key,
                                                       std::span<const uint8_t> data);

// HmacSha256Verify recomputes the tag of `data` and compares it with `tag` in constant time.
// OK if they match; CAM_CRYPTO_VERIFY_FAILED if they differ or `tag` is not exactly
// kHmacSha256TagSize bytes (truncated tags are not accepted).
[[nodiscard]] absl::Status HmacSha256Verify(std::span<const uint8_t> key,
                                            std::span<const uint8_t> data,
                                            std::span<const uint8_t> tag);

// HmacSha256Context computes a tag over data supplied in pieces:
//   CAM_ASSIGN_OR_RETURN(auto mac, HmacSha256Context::Create(key));
//   CAM_RETURN_IF_ERROR(mac.Update(part1));
//   CAM_RETURN_IF_ERROR(mac.Update(part2));
//   CAM_ASSIGN_OR_RETURN(HmacSha256Tag tag, mac.Finish());
// After Finish the context is spent: Update and Finish fail with CAM_INTERNAL_ERROR. Not safe
// for concurrent use; the key schedule is wiped by OpenSSL when the context is destroyed.
class HmacSha256Context {
 public:
  [[nodiscard]] static absl::StatusOr<HmacSha256Context> Create(std::span<const uint8_t> key);

  HmacSha256Context(HmacSha256Context&&) noexcept = default;
  HmacSha256Context& operator=(HmacSha256Context&&) noexcept = default;
  ~HmacSha256Context();

  [[nodiscard]] absl::Status Update(std::span<const uint8_t> data);
  [[nodiscard]] absl::StatusOr<HmacSha256Tag> Finish();

 private:
  struct CtxDeleter {
    void operator()(EVP_MAC_CTX* ctx) const;
  };
  explicit HmacSha256Context(std::unique_ptr<EVP_MAC_CTX, CtxDeleter> ctx);

  std::unique_ptr<EVP_MAC_CTX, CtxDeleter> ctx_;
};

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_PRIMITIVES_HMAC_H_
