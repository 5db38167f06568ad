// File: crypto/primitives/x25519.h
// X25519 Diffie-Hellman (RFC 7748) over OpenSSL. Private keys are 32 raw bytes (clamped by the
// scalar multiplication, not on storage); public keys and shared secrets are 32 bytes.
// Key generation draws from OpenSSL's default DRBG (seeded from the operating system).
// Stateless and thread-safe.
#ifndef CAM_CRYPTO_PRIMITIVES_X25519_H_
#define CAM_CRYPTO_PRIMITIVES_X25519_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "absl/status/statusor.h"
#include "crypto/primitives/secret_array.h"

namespace cam::crypto {

inline constexpr size_t kX25519KeySize = 32;

using X25519PrivateKey = SecretArray<kX25519KeySize>;
using X25519PublicKey = std::array<uint8_t, kX25519KeySize>;
using X25519SharedSecret = SecretArray<kX25519KeySize>;

struct X25519KeyPair {
  X25519PrivateKey private_key;
  X25519PublicKey public_key;
};

// X25519GenerateKeyPair returns a fresh key pair.
[[nodiscard]] absl::StatusOr<X25519KeyPair> X25519GenerateKeyPair();

// X25519KeyPairFromPrivate copies `private_key` and derives its public key. Any 32 bytes are a
// valid X25519 private key.
[[nodiscard]] absl::StatusOr<X25519KeyPair> X25519KeyPairFromPrivate(
    std::span<const uint8_t, kX25519KeySize> private_key);

// X25519PublicFromPrivate returns X25519(private_key, 9).
[[nodiscard]] absl::StatusOr<X25519PublicKey> X25519PublicFromPrivate(
    std::span<const uint8_t, kX25519KeySize> private_key);

// X25519 returns the shared secret X25519(private_key, peer_public_key). It fails with
// CAM_CRYPTO_INVALID_INPUT when the result is all zeros, which happens exactly when the peer
// sent a small-order point (RFC 7748 section 6.1 "check"); such a secret carries no entropy
// from our key and must never be used.
[[nodiscard]] absl::StatusOr<X25519SharedSecret> X25519(
    std::span<const uint8_t, kX25519KeySize> private_key,
    std::span<const uint8_t, kX25519KeySize> peer_public_key);

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_PRIMITIVES_X25519_H_
