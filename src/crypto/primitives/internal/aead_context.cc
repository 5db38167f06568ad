#include "crypto/primitives/internal/aead_context.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <climits>

#include "base/reasons.h"

namespace cam::crypto::internal {

using ::cam::base::Reason;

absl::Status AeadOpenFailed() {
  return OpenSslFailure(Reason::kCryptoDecryptFailed, "aead open failed");
}

absl::StatusOr<EvpCipherCtxPtr> NewAeadContext(FetchedCipherId id, std::span<const uint8_t> key,
                                               std::span<const uint8_t> iv, bool encrypt) {
  const EVP_CIPHER* cipher = FetchedCipher(id);
  if (cipher == nullptr) return OpenSslFailure(Reason::kInternal, "aead: cipher unavailable");
  if (static_cast<size_t>(EVP_CIPHER_get_key_length(cipher)) != key.size()) {
    return OpenSslFailure(Reason::kCryptoInvalidInput, "aead: key length");
  }
  EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (ctx == nullptr) return OpenSslFailure(Reason::kInternal, "aead: out of memory");
  size_t iv_size = iv.size();
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &iv_size),
      OSSL_PARAM_construct_end(),
  };
  // Two steps: the IV length must be set before the IV itself is loaded.
  if (EVP_CipherInit_ex2(ctx.get(), cipher, nullptr, nullptr, encrypt ? 1 : 0, params) != 1 ||
      EVP_CipherInit_ex2(ctx.get(), nullptr, key.data(), iv.data(), encrypt ? 1 : 0, nullptr) !=
          1) {
    return OpenSslFailure(Reason::kInternal, "aead: cipher init");
  }
  return ctx;
}

bool RestartAeadContext(EVP_CIPHER_CTX* ctx, std::span<const uint8_t> iv, bool encrypt) {
  // No cipher and no key: OpenSSL keeps both (and the key schedule) and loads the IV, which
  // resets the message state (GHASH, lengths, a stale tag) for the next one.
  return EVP_CipherInit_ex2(ctx, nullptr, nullptr, iv.data(), encrypt ? 1 : 0, nullptr) == 1;
}

absl::Status SealWithContext(EVP_CIPHER_CTX* ctx, std::span<const uint8_t> plaintext,
                             std::span<const uint8_t> aad, std::span<uint8_t> out) {
  if (plaintext.size() > static_cast<size_t>(INT_MAX) - kAeadContextTagSize ||
      !FitsInt(aad.size())) {
    return base::Error(Reason::kCryptoInvalidInput, "aead seal: input too large");
  }
  if (out.size() != plaintext.size() + kAeadContextTagSize) {
    return base::Error(Reason::kCryptoInvalidInput, "aead seal: output size");
  }
  int len = 0;
  if (!aad.empty() &&
      EVP_EncryptUpdate(ctx, nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1) {
    return OpenSslFailure(Reason::kInternal, "aead seal: aad");
  }
  size_t written = 0;
  if (!plaintext.empty()) {
    if (EVP_EncryptUpdate(ctx, out.data(), &len, plaintext.data(),
                          static_cast<int>(plaintext.size())) != 1) {
      return OpenSslFailure(Reason::kInternal, "aead seal: encrypt");
    }
    written = static_cast<size_t>(len);
  }
  if (EVP_EncryptFinal_ex(ctx, out.data() + written, &len) != 1) {
    return OpenSslFailure(Reason::kInternal, "aead seal: final");
  }
  written += static_cast<size_t>(len);
  if (written != plaintext.size()) return OpenSslFailure(Reason::kInternal, "aead seal: length");
  OSSL_PARAM tag_params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, out.data() + written,
                                        kAeadContextTagSize),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_CIPHER_CTX_get_params(ctx, tag_params) != 1) {
    return OpenSslFailure(Reason::kInternal, "aead seal: tag");
  }
  return absl::OkStatus();
}

bool OpenWithContext(EVP_CIPHER_CTX* ctx, std::span<const uint8_t> ciphertext,
                     std::span<const uint8_t> aad, std::span<uint8_t> out) {
  if (ciphertext.size() < kAeadContextTagSize || !FitsInt(ciphertext.size()) ||
      !FitsInt(aad.size()) || out.size() != ciphertext.size() - kAeadContextTagSize) {
    return false;
  }
  const std::span<const uint8_t> body = ciphertext.first(out.size());
  const std::span<const uint8_t> tag = ciphertext.last(kAeadContextTagSize);
  const OSSL_PARAM tag_params[] = {
      OctetParam(OSSL_CIPHER_PARAM_AEAD_TAG, tag),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_CIPHER_CTX_set_params(ctx, tag_params) != 1) return false;
  int len = 0;
  if (!aad.empty() &&
      EVP_DecryptUpdate(ctx, nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1) {
    return false;
  }
  size_t written = 0;
  if (!body.empty()) {
    if (EVP_DecryptUpdate(ctx, out.data(), &len, body.data(), static_cast<int>(body.size())) != 1) {
      return false;
    }
    written = static_cast<size_t>(len);
  }
  if (EVP_DecryptFinal_ex(ctx, out.data() + written, &len) != 1) return false;
  written += static_cast<size_t>(len);
  return written == body.size();
}

}  // namespace cam::crypto::internal
