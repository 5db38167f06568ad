#include "crypto/primitives/keyed_aead.h"

#include <openssl/evp.h>

#include <utility>

#include "base/random.h"
#include "base/reasons.h"
#include "crypto/primitives/internal/aead_context.h"
#include "crypto/primitives/internal/openssl_util.h"

namespace cam::crypto {
namespace {

using ::cam::base::Reason;

internal::FetchedCipherId CipherOf(AeadAlgorithm algorithm) {
  return algorithm == AeadAlgorithm::kAes256Gcm ? internal::FetchedCipherId::kAes256Gcm
                                                : internal::FetchedCipherId::kChaCha20Poly1305;
}

}  // namespace

void KeyedAead::ContextFree::operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }

KeyedAead::ContextPtr KeyedAead::ContextPool::Take() {
  absl::MutexLock lock(&mu_);
  if (idle_.empty()) return nullptr;
  ContextPtr ctx = std::move(idle_.back());
  idle_.pop_back();
  return ctx;
}

void KeyedAead::ContextPool::Give(ContextPtr ctx) {
  {
    absl::MutexLock lock(&mu_);
    if (idle_.size() < kMaxIdleContexts) {
      idle_.push_back(std::move(ctx));
      return;
    }
  }
  // Beyond the cap the context is freed here, outside the lock.
}

size_t KeyedAead::ContextPool::idle() const {
  absl::MutexLock lock(&mu_);
  return idle_.size();
}

absl::StatusOr<std::unique_ptr<KeyedAead>> KeyedAead::Create(AeadAlgorithm algorithm,
                                                             base::SecureBuffer key) {
  if (key.size() != kAeadKeySize) {
    return base::Error(Reason::kCryptoInvalidInput, "aead: key must be 32 bytes");
  }
  return std::unique_ptr<KeyedAead>(new KeyedAead(algorithm, std::move(key)));
}

KeyedAead::KeyedAead(AeadAlgorithm algorithm, base::SecureBuffer key)
    : algorithm_(algorithm), key_(std::move(key)) {}

KeyedAead::~KeyedAead() = default;

absl::StatusOr<KeyedAead::ContextPtr> KeyedAead::ContextFor(bool encrypt,
                                                            std::span<const uint8_t> nonce) const {
  ContextPool& pool = encrypt ? seal_contexts_ : open_contexts_;
  if (ContextPtr ctx = pool.Take(); ctx != nullptr) {
    if (internal::RestartAeadContext(ctx.get(), nonce, encrypt)) return ctx;
    return internal::OpenSslFailure(Reason::kInternal, "aead: context restart");
  }
  absl::StatusOr<internal::EvpCipherCtxPtr> fresh =
      internal::NewAeadContext(CipherOf(algorithm_), key_.span(), nonce, encrypt);
  if (!fresh.ok()) return fresh.status();
  return ContextPtr(fresh->release());
}

absl::Status KeyedAead::SealInto(std::span<const uint8_t> nonce, std::span<const uint8_t> plaintext,
                                 std::span<const uint8_t> aad,
                                 std::span<uint8_t> out_ciphertext) const {
  if (nonce.size() != kAeadNonceSize) {
    base::SecureZero(out_ciphertext);
    return base::Error(Reason::kCryptoInvalidInput, "aead seal: nonce must be 12 bytes");
  }
  absl::StatusOr<ContextPtr> ctx = ContextFor(/*encrypt=*/true, nonce);
  absl::Status status = ctx.ok()
                            ? internal::SealWithContext(ctx->get(), plaintext, aad, out_ciphertext)
                            : ctx.status();
  if (!status.ok()) {
    // A context whose seal failed part-way is not kept.
    base::SecureZero(out_ciphertext);
    return status;
  }
  seal_contexts_.Give(*std::move(ctx));
  return absl::OkStatus();
}

absl::Status KeyedAead::OpenInto(std::span<const uint8_t> nonce,
                                 std::span<const uint8_t> ciphertext, std::span<const uint8_t> aad,
                                 std::span<uint8_t> out_plaintext) const {
  if (nonce.size() != kAeadNonceSize) {
    base::SecureZero(out_plaintext);
    return internal::AeadOpenFailed();
  }
  absl::StatusOr<ContextPtr> ctx = ContextFor(/*encrypt=*/false, nonce);
  if (!ctx.ok()) {
    base::SecureZero(out_plaintext);
    return internal::AeadOpenFailed();
  }
  const bool opened = internal::OpenWithContext(ctx->get(), ciphertext, aad, out_plaintext);
  // Kept either way: the next call restarts the context, which discards a failed message.
  open_contexts_.Give(*std::move(ctx));
  if (opened) return absl::OkStatus();
  base::SecureZero(out_plaintext);
  return internal::AeadOpenFailed();
}

absl::Status KeyedAead::SealWithRandomNonceInto(std::span<const uint8_t> plaintext,
                                                std::span<const uint8_t> aad,
                                                std::span<uint8_t> out) const {
  if (out.size() < kAeadNonceSize) {
    base::SecureZero(out);
    return base::Error(Reason::kCryptoInvalidInput, "aead seal: output size");
  }
  const std::span<uint8_t> nonce = out.first(kAeadNonceSize);
  base::FillRandom(nonce);
  return SealInto(nonce, plaintext, aad, out.subspan(kAeadNonceSize));
}

absl::Status KeyedAead::OpenWithPrependedNonceInto(std::span<const uint8_t> sealed,
                                                   std::span<const uint8_t> aad,
                                                   std::span<uint8_t> out_plaintext) const {
  if (sealed.size() < kAeadNonceSize + kAeadTagSize) {
    base::SecureZero(out_plaintext);
    return internal::AeadOpenFailed();
  }
  return OpenInto(sealed.first(kAeadNonceSize), sealed.subspan(kAeadNonceSize), aad, out_plaintext);
}

size_t KeyedAead::idle_contexts(bool for_seal) const {
  return (for_seal ? seal_contexts_ : open_contexts_).idle();
}

}  // namespace cam::crypto
