// File: crypto/primitives/internal/aead_context.h
// The steps of an AEAD operation on an OpenSSL cipher context, shared by the one-shot functions
// (aead.h: a fresh context per call) and KeyedAead (keyed_aead.h: contexts kept under one key).
#ifndef CAM_CRYPTO_PRIMITIVES_INTERNAL_AEAD_CONTEXT_H_
#define CAM_CRYPTO_PRIMITIVES_INTERNAL_AEAD_CONTEXT_H_

#include <cstdint>
#include <span>

#include "absl/status/statusor.h"
#include "crypto/primitives/internal/fetched_algorithms.h"
#include "crypto/primitives/internal/openssl_util.h"

namespace cam::crypto::internal {

inline constexpr size_t kAeadContextTagSize = 16;

// AeadOpenFailed is the one error of every failed open, whatever failed (CAM_CRYPTO_DECRYPT_FAILED
// with one fixed message), so no failure tells another apart. It empties the error queue.
absl::Status AeadOpenFailed();

// NewAeadContext makes a context of the cipher for `encrypt`, with key and IV loaded.
absl::StatusOr<EvpCipherCtxPtr> NewAeadContext(FetchedCipherId id, std::span<const uint8_t> key,
                                               std::span<const uint8_t> iv, bool encrypt);

// RestartAeadContext loads a new IV of the length the context was made with into a context
// made by NewAeadContext for the same direction, keeping its key, and starts a new message:
// whatever the previous one left (a failed tag check included) is discarded.
bool RestartAeadContext(EVP_CIPHER_CTX* ctx, std::span<const uint8_t> iv, bool encrypt);

// SealWithContext encrypts one message on a freshly keyed or restarted context, writing
// ciphertext || tag to `out` (plaintext.size() + 16 bytes).
absl::Status SealWithContext(EVP_CIPHER_CTX* ctx, std::span<const uint8_t> plaintext,
                             std::span<const uint8_t> aad, std::span<uint8_t> out);

// OpenWithContext checks and decrypts ciphertext || tag into `out` (ciphertext.size() - 16
// bytes). False on any failure, which the caller reports as one uniform error after wiping
// `out`: the tag is checked after the plaintext was written.
bool OpenWithContext(EVP_CIPHER_CTX* ctx, std::span<const uint8_t> ciphertext,
                     std::span<const uint8_t> aad, std::span<uint8_t> out);

}  // namespace cam::crypto::internal

#endif  // CAM_CRYPTO_PRIMITIVES_INTERNAL_AEAD_CONTEXT_H_
