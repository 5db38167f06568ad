#include "crypto/primitives/ed25519.h"

#include "base/reasons.h"
#include "crypto/primitives/internal/openssl_util.h"

namespace cam::crypto {
namespace {

using ::cam::base::Reason;

absl::StatusOr<internal::EvpPkeyPtr> PrivateKeyObject(std::span<const uint8_t, 32> seed) {
  internal::EvpPkeyPtr pkey(
      EVP_PKEY_new_raw_private_key_ex(nullptr, "ED25519", nullptr, seed.data(), seed.size()));
  if (pkey == nullptr) return internal::OpenSslFailure(Reason::kInternal, "ed25519: key import");
  return pkey;
}

absl::StatusOr<Ed25519PublicKey> PublicOf(EVP_PKEY* pkey) {
  Ed25519PublicKey public_key{};
  size_t len = public_key.size();
  if (EVP_PKEY_get_raw_public_key(pkey, public_key.data(), &len) != 1 || len != public_key.size()) {
    return internal::OpenSslFailure(Reason::kInternal, "ed25519: public key export");
  }
  return public_key;
}

}  // namespace

absl::StatusOr<Ed25519KeyPair> Ed25519GenerateKeyPair() {
  internal::EvpPkeyPtr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (pkey == nullptr) return internal::OpenSslFailure(Reason::kInternal, "ed25519: keygen");
  Ed25519KeyPair pair;
  size_t len = pair.seed.size();
  if (EVP_PKEY_get_raw_private_key(pkey.get(), pair.seed.data(), &len) != 1 ||
      len != pair.seed.size()) {
    return internal::OpenSslFailure(Reason::kInternal, "ed25519: seed export");
  }
  absl::StatusOr<Ed25519PublicKey> public_key = PublicOf(pkey.get());
  if (!public_key.ok()) return public_key.status();
  pair.public_key = *public_key;
  return pair;
}

absl::StatusOr<Ed25519KeyPair> Ed25519KeyPairFromSeed(
    std::span<const uint8_t, kEd25519SeedSize> seed) {
  absl::StatusOr<internal::EvpPkeyPtr> pkey = PrivateKeyObject(seed);
  if (!pkey.ok()) return pkey.status();
  absl::StatusOr<Ed25519PublicKey> public_key = PublicOf(pkey->get());
  if (!public_key.ok()) return public_key.status();
  return Ed25519KeyPair{.seed = Ed25519Seed(seed), .public_key = *public_key};
}

absl::StatusOr<Ed25519Signature> Ed25519Sign(std::span<const uint8_t, kEd25519SeedSize> seed,
                                             std::span<const uint8_t> message) {
  absl::StatusOr<internal::EvpPkeyPtr> pkey = PrivateKeyObject(seed);
  if (!pkey.ok()) return pkey.status();
  internal::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  // Ed25519 hashes internally: the digest argument must be null (one-shot API only).
  if (ctx == nullptr || EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr,
                                              pkey->get(), nullptr) != 1) {
    return internal::OpenSslFailure(Reason::kInternal, "ed25519: sign init");
  }
  Ed25519Signature signature{};
  size_t len = signature.size();
  if (EVP_DigestSign(ctx.get(), signature.data(), &len, message.data(), message.size()) != 1 ||
      len != signature.size()) {
    return internal::OpenSslFailure(Reason::kInternal, "ed25519: sign");
  }
  return signature;
}

absl::Status Ed25519Verify(std::span<const uint8_t, kEd25519PublicKeySize> public_key,
                           std::span<const uint8_t> message, std::span<const uint8_t> signature) {
  if (signature.size() != kEd25519SignatureSize) {
    return base::Error(Reason::kCryptoVerifyFailed, "ed25519: signature length");
  }
  internal::EvpPkeyPtr pkey(EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr,
                                                           public_key.data(), public_key.size()));
  if (pkey == nullptr) {
    return internal::OpenSslFailure(Reason::kCryptoVerifyFailed, "ed25519: public key");
  }
  internal::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr || EVP_DigestVerifyInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr,
                                                pkey.get(), nullptr) != 1) {
    return internal::OpenSslFailure(Reason::kInternal, "ed25519: verify init");
  }
  if (EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(),
                       message.size()) != 1) {
    return internal::OpenSslFailure(Reason::kCryptoVerifyFailed, "ed25519: signature invalid");
  }
  return absl::OkStatus();
}

}  // namespace cam::crypto
