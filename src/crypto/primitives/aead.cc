#include "crypto/primitives/aead.h"

#include <cstring>
#include <optional>
#include <string_view>

#include "base/random.h"
#include "base/reasons.h"
#include "base/secure_buffer.h"
#include "crypto/primitives/internal/aead_context.h"
#include "crypto/primitives/internal/aead_raw.h"
#include "crypto/primitives/internal/fetched_algorithms.h"
#include "crypto/primitives/internal/openssl_util.h"

namespace cam::crypto {
namespace internal {
namespace {

using ::cam::base::Reason;

// OpenSSL's GCM keeps the IV in a fixed 128-byte field and refuses longer ones.
constexpr size_t kMaxGcmIvSize = 128;

// CipherFor picks the OpenSSL algorithm, or nothing when the key or IV length is unsupported.
std::optional<FetchedCipherId> CipherFor(RawAead aead, size_t key_size, size_t iv_size) {
  switch (aead) {
    case RawAead::kAesGcm:
      if (iv_size == 0 || iv_size > kMaxGcmIvSize) return std::nullopt;
      switch (key_size) {
        case 16:
          return FetchedCipherId::kAes128Gcm;
        case 24:
          return FetchedCipherId::kAes192Gcm;
        case 32:
          return FetchedCipherId::kAes256Gcm;
        default:
          return std::nullopt;
      }
    case RawAead::kChaCha20Poly1305:
      // OpenSSL would zero-pad a shorter nonce; RFC 8439 only defines 96 bits.
      if (key_size != 32 || iv_size != 12) return std::nullopt;
      return FetchedCipherId::kChaCha20Poly1305;
  }
  return std::nullopt;
}

absl::Status SealImpl(RawAead aead, std::span<const uint8_t> key, std::span<const uint8_t> iv,
                      std::span<const uint8_t> plaintext, std::span<const uint8_t> aad,
                      std::span<uint8_t> out) {
  const std::optional<FetchedCipherId> cipher = CipherFor(aead, key.size(), iv.size());
  if (!cipher.has_value()) {
    return base::Error(Reason::kCryptoInvalidInput, "aead seal: unsupported key or nonce length");
  }
  auto ctx = NewAeadContext(*cipher, key, iv, /*encrypt=*/true);
  if (!ctx.ok()) return ctx.status();
  return SealWithContext(ctx->get(), plaintext, aad, out);
}

// OpenImpl returns false on any failure; the caller maps that to one uniform error.
bool OpenImpl(RawAead aead, std::span<const uint8_t> key, std::span<const uint8_t> iv,
              std::span<const uint8_t> ciphertext, std::span<const uint8_t> aad,
              std::span<uint8_t> out) {
  const std::optional<FetchedCipherId> cipher = CipherFor(aead, key.size(), iv.size());
  if (!cipher.has_value()) return false;
  auto ctx = NewAeadContext(*cipher, key, iv, /*encrypt=*/false);
  if (!ctx.ok()) return false;
  return OpenWithContext(ctx->get(), ciphertext, aad, out);
}

}  // namespace

absl::Status RawAeadSeal(RawAead aead, std::span<const uint8_t> key, std::span<const uint8_t> iv,
                         std::span<const uint8_t> plaintext, std::span<const uint8_t> aad,
                         std::span<uint8_t> out_ciphertext) {
  absl::Status status = SealImpl(aead, key, iv, plaintext, aad, out_ciphertext);
  if (!status.ok()) base::SecureZero(out_ciphertext);
  return status;
}

absl::Status RawAeadOpen(RawAead aead, std::span<const uint8_t> key, std::span<const uint8_t> iv,
                         std::span<const uint8_t> ciphertext, std::span<const uint8_t> aad,
                         std::span<uint8_t> out_plaintext) {
  if (OpenImpl(aead, key, iv, ciphertext, aad, out_plaintext)) return absl::OkStatus();
  base::SecureZero(out_plaintext);
  return AeadOpenFailed();
}

}  // namespace internal

namespace {

using ::cam::base::Reason;

internal::RawAead ToRaw(AeadAlgorithm algorithm) {
  return algorithm == AeadAlgorithm::kAes256Gcm ? internal::RawAead::kAesGcm
                                                : internal::RawAead::kChaCha20Poly1305;
}

// The camd policy on top of the raw engine: 256-bit keys and 96-bit nonces only.
bool SizesOk(std::span<const uint8_t> key, std::span<const uint8_t> nonce) {
  return key.size() == kAeadKeySize && nonce.size() == kAeadNonceSize;
}

}  // namespace

absl::Status AeadSealInto(AeadAlgorithm algorithm, std::span<const uint8_t> key,
                          std::span<const uint8_t> nonce, std::span<const uint8_t> plaintext,
                          std::span<const uint8_t> aad, std::span<uint8_t> out_ciphertext) {
  if (!SizesOk(key, nonce)) {
    return base::Error(Reason::kCryptoInvalidInput, "aead seal: key must be 32 bytes, nonce 12");
  }
  return internal::RawAeadSeal(ToRaw(algorithm), key, nonce, plaintext, aad, out_ciphertext);
}

absl::StatusOr<std::vector<uint8_t>> AeadSeal(AeadAlgorithm algorithm, std::span<const uint8_t> key,
                                              std::span<const uint8_t> nonce,
                                              std::span<const uint8_t> plaintext,
                                              std::span<const uint8_t> aad) {
  if (plaintext.size() > static_cast<size_t>(INT_MAX) - kAeadTagSize) {
    return base::Error(Reason::kCryptoInvalidInput, "aead seal: input too large");
  }
  std::vector<uint8_t> out(plaintext.size() + kAeadTagSize);
  absl::Status status = AeadSealInto(algorithm, key, nonce, plaintext, aad, out);
  if (!status.ok()) return status;
  return out;
}

absl::Status AeadOpenInto(AeadAlgorithm algorithm, std::span<const uint8_t> key,
                          std::span<const uint8_t> nonce, std::span<const uint8_t> ciphertext,
                          std::span<const uint8_t> aad, std::span<uint8_t> out_plaintext) {
  if (!SizesOk(key, nonce)) {
    base::SecureZero(out_plaintext);
    return internal::AeadOpenFailed();
  }
  return internal::RawAeadOpen(ToRaw(algorithm), key, nonce, ciphertext, aad, out_plaintext);
}

absl::StatusOr<std::vector<uint8_t>> AeadOpen(AeadAlgorithm algorithm, std::span<const uint8_t> key,
                                              std::span<const uint8_t> nonce,
                                              std::span<const uint8_t> ciphertext,
                                              std::span<const uint8_t> aad) {
  if (ciphertext.size() < kAeadTagSize) return internal::AeadOpenFailed();
  std::vector<uint8_t> out(ciphertext.size() - kAeadTagSize);
  absl::Status status = AeadOpenInto(algorithm, key, nonce, ciphertext, aad, out);
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<std::vector<uint8_t>> AeadSealWithRandomNonce(AeadAlgorithm algorithm,
                                                             std::span<const uint8_t> key,
                                                             std::span<const uint8_t> plaintext,
                                                             std::span<const uint8_t> aad) {
  if (plaintext.size() > static_cast<size_t>(INT_MAX) - kAeadTagSize - kAeadNonceSize) {
    return base::Error(Reason::kCryptoInvalidInput, "aead seal: input too large");
  }
  std::vector<uint8_t> out(kAeadNonceSize + plaintext.size() + kAeadTagSize);
  const std::span<uint8_t> nonce = std::span(out).first(kAeadNonceSize);
  base::FillRandom(nonce);
  absl::Status status =
      AeadSealInto(algorithm, key, nonce, plaintext, aad, std::span(out).subspan(kAeadNonceSize));
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<std::vector<uint8_t>> AeadOpenWithPrependedNonce(AeadAlgorithm algorithm,
                                                                std::span<const uint8_t> key,
                                                                std::span<const uint8_t> sealed,
                                                                std::span<const uint8_t> aad) {
  if (sealed.size() < kAeadNonceSize + kAeadTagSize) return internal::AeadOpenFailed();
  return AeadOpen(algorithm, key, sealed.first(kAeadNonceSize), sealed.subspan(kAeadNonceSize),
                  aad);
}

}  // namespace cam::crypto
