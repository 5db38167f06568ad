// File: crypto/primitives/keyed_aead.h
// KeyedAead: one AEAD key (aead.h's algorithms and sizes) with OpenSSL cipher contexts kept
// initialised under it. A seal or open then loads only the nonce into an idle context instead
// of allocating one and setting up the key, which cost about 4,400 instructions of each stored
// value's seal or open (docs/PERFORMANCE.md). The contexts belong to the key: they are freed, and
// OpenSSL wipes the key schedules in them, when the KeyedAead is destroyed, so discarding a key
// leaves no copy of it behind in a cache. The schedules sit in OpenSSL's heap, not in locked
// memory: where each call's own context had them for the length of the call, they now stay
// for the key's lifetime.
//
// Results are those of aead.h's functions with the same key: byte for byte for seals, and the
// same uniform CAM_CRYPTO_DECRYPT_FAILED for every failed open.
//
// Memory: a keyed context takes about 1.2 KB (OpenSSL 3.0, AES-256-GCM), so a key used for both
// sealing and opening keeps about 2.3 KB; a key used by many threads at once keeps more, up to
// kMaxIdleContexts per direction. Seals and opens never wait, so the number in use at once is
// about the number of cores running them, and a burst beyond the cap costs only what a call
// without the pool costs.
//
// Thread safety: every method may be called concurrently. Each call takes an idle context or
// makes one.
#ifndef CAM_CRYPTO_PRIMITIVES_KEYED_AEAD_H_
#define CAM_CRYPTO_PRIMITIVES_KEYED_AEAD_H_

#include <openssl/types.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "base/secure_buffer.h"
#include "crypto/primitives/aead.h"

namespace cam::crypto {

class KeyedAead {
 public:
  static constexpr size_t kMaxIdleContexts = 8;

  // Create fails with CAM_CRYPTO_INVALID_INPUT unless `key` is kAeadKeySize bytes.
  static absl::StatusOr<std::unique_ptr<KeyedAead>> Create(AeadAlgorithm algorithm,
                                                           base::SecureBuffer key);
  ~KeyedAead();
  KeyedAead(const KeyedAead&) = delete;
  KeyedAead& operator=(const KeyedAead&) = delete;

  // As AeadSealInto and AeadOpenInto (aead.h) with this key.
  [[nodiscard]] absl::Status SealInto(std::span<const uint8_t> nonce,
                                      std::span<const uint8_t> plaintext,
                                      std::span<const uint8_t> aad,
                                      std::span<uint8_t> out_ciphertext) const;
  [[nodiscard]] absl::Status OpenInto(std::span<const uint8_t> nonce,
                                      std::span<const uint8_t> ciphertext,
                                      std::span<const uint8_t> aad,
                                      std::span<uint8_t> out_plaintext) const;

  // SealWithRandomNonceInto draws a nonce from the kernel CSPRNG and writes nonce || ciphertext
  // || tag to `out` (kAeadNonceSize + plaintext.size() + kAeadTagSize bytes).
  [[nodiscard]] absl::Status SealWithRandomNonceInto(std::span<const uint8_t> plaintext,
                                                     std::span<const uint8_t> aad,
                                                     std::span<uint8_t> out) const;
  // OpenWithPrependedNonceInto opens that form into `out_plaintext` (sealed.size() -
  // kAeadNonceSize - kAeadTagSize bytes); on failure `out_plaintext` is zeroed.
  [[nodiscard]] absl::Status OpenWithPrependedNonceInto(std::span<const uint8_t> sealed,
                                                        std::span<const uint8_t> aad,
                                                        std::span<uint8_t> out_plaintext) const;

  // Idle contexts kept for seals and for opens; for tests.
  size_t idle_contexts(bool for_seal) const;

 private:
  struct ContextFree {
    void operator()(EVP_CIPHER_CTX* ctx) const;
  };
  using ContextPtr = std::unique_ptr<EVP_CIPHER_CTX, ContextFree>;

  class ContextPool {
   public:
    ContextPtr Take();
    void Give(ContextPtr ctx);
    size_t idle() const;

   private:
    mutable absl::Mutex mu_;
    std::vector<ContextPtr> idle_ ABSL_GUARDED_BY(mu_);
  };

  KeyedAead(AeadAlgorithm algorithm, base::SecureBuffer key);
  // A context of this key for `encrypt`, with `nonce` loaded and a new message started.
  absl::StatusOr<ContextPtr> ContextFor(bool encrypt, std::span<const uint8_t> nonce) const;

  const AeadAlgorithm algorithm_;
  const base::SecureBuffer key_;
  mutable ContextPool seal_contexts_;
  mutable ContextPool open_contexts_;
};

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_PRIMITIVES_KEYED_AEAD_H_
