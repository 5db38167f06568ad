// File: crypto/primitives/secret_array.h
// SecretArray<N>: a fixed-size secret (private key, seed, PRK, shared secret) held inline and
// wiped when it is destroyed or moved from. It is not mlock'd (it lives wherever its owner
// lives); use base::SecureBuffer for long-lived or variable-size secrets.
#ifndef CAM_CRYPTO_PRIMITIVES_SECRET_ARRAY_H_
#define CAM_CRYPTO_PRIMITIVES_SECRET_ARRAY_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "base/secure_buffer.h"

namespace cam::crypto {

template <size_t N>
class SecretArray {
 public:
  static constexpr size_t kSize = N;

  // All zero bytes.
  SecretArray() = default;
  // Copies `bytes`; the caller remains responsible for wiping its own copy.
  explicit SecretArray(std::span<const uint8_t, N> bytes) {
    std::memcpy(bytes_.data(), bytes.data(), N);
  }
  ~SecretArray() { base::SecureZero(bytes_); }

  // Copies are explicit (Clone) so that a secret is never duplicated by accident.
  SecretArray(const SecretArray&) = delete;
  SecretArray& operator=(const SecretArray&) = delete;
  SecretArray(SecretArray&& other) noexcept : bytes_(other.bytes_) {
    base::SecureZero(other.bytes_);
  }
  SecretArray& operator=(SecretArray&& other) noexcept {
    if (this != &other) {
      bytes_ = other.bytes_;
      base::SecureZero(other.bytes_);
    }
    return *this;
  }

  SecretArray Clone() const { return SecretArray(span()); }

  uint8_t* data() { return bytes_.data(); }
  const uint8_t* data() const { return bytes_.data(); }
  static constexpr size_t size() { return N; }
  std::span<uint8_t, N> span() { return bytes_; }
  std::span<const uint8_t, N> span() const { return bytes_; }

 private:
  std::array<uint8_t, N> bytes_{};
};

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_PRIMITIVES_SECRET_ARRAY_H_
