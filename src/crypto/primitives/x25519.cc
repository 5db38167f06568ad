#include "crypto/primitives/x25519.h"

#include "base/reasons.h"
#include "crypto/ct.h"
#include "crypto/primitives/internal/openssl_util.h"

namespace cam::crypto {
namespace {

using ::cam::base::Reason;

absl::StatusOr<X25519PublicKey> PublicOf(EVP_PKEY* pkey) {
  X25519PublicKey public_key{};
  size_t len = public_key.size();
  if (EVP_PKEY_get_raw_public_key(pkey, public_key.data(), &len) != 1 || len != public_key.size()) {
    return internal::OpenSslFailure(Reason::kInternal, "x25519: public key export");
  }
  return public_key;
}

absl::StatusOr<internal::EvpPkeyPtr> PrivateKeyObject(std::span<const uint8_t, 32> private_key) {
  internal::EvpPkeyPtr pkey(EVP_PKEY_new_raw_private_key_ex(
      nullptr, "X25519", nullptr, private_key.data(), private_key.size()));
  if (pkey == nullptr) return internal::OpenSslFailure(Reason::kInternal, "x25519: key import");
  return pkey;
}

}  // namespace

absl::StatusOr<X25519KeyPair> X25519GenerateKeyPair() {
  internal::EvpPkeyPtr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"));
  if (pkey == nullptr) return internal::OpenSslFailure(Reason::kInternal, "x25519: keygen");
  X25519KeyPair pair;
  size_t len = pair.private_key.size();
  if (EVP_PKEY_get_raw_private_key(pkey.get(), pair.private_key.data(), &len) != 1 ||
      len != pair.private_key.size()) {
    return internal::OpenSslFailure(Reason::kInternal, "x25519: private key export");
  }
  absl::StatusOr<X25519PublicKey> public_key = PublicOf(pkey.get());
  if (!public_key.ok()) return public_key.status();
  pair.public_key = *public_key;
  return pair;
}

absl::StatusOr<X25519PublicKey> X25519PublicFromPrivate(
    std::span<const uint8_t, kX25519KeySize> private_key) {
  absl::StatusOr<internal::EvpPkeyPtr> pkey = PrivateKeyObject(private_key);
  if (!pkey.ok()) return pkey.status();
  return PublicOf(pkey->get());
}

absl::StatusOr<X25519KeyPair> X25519KeyPairFromPrivate(
    std::span<const uint8_t, kX25519KeySize> private_key) {
  absl::StatusOr<X25519PublicKey> public_key = X25519PublicFromPrivate(private_key);
  if (!public_key.ok()) return public_key.status();
  return X25519KeyPair{.private_key = X25519PrivateKey(private_key), .public_key = *public_key};
}

absl::StatusOr<X25519SharedSecret> X25519(
    std::span<const uint8_t, kX25519KeySize> private_key,
    std::span<const uint8_t, kX25519KeySize> peer_public_key) {
  absl::StatusOr<internal::EvpPkeyPtr> pkey = PrivateKeyObject(private_key);
  if (!pkey.ok()) return pkey.status();
  internal::EvpPkeyPtr peer(EVP_PKEY_new_raw_public_key_ex(
      nullptr, "X25519", nullptr, peer_public_key.data(), peer_public_key.size()));
  if (peer == nullptr) return internal::OpenSslFailure(Reason::kInternal, "x25519: peer import");
  internal::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey->get(), nullptr));
  if (ctx == nullptr || EVP_PKEY_derive_init(ctx.get()) != 1) {
    return internal::OpenSslFailure(Reason::kInternal, "x25519: derive init");
  }
  // No public-key validation here: every 32-byte string is an acceptable X25519 input
  // (RFC 7748 section 5); the only rejection is the all-zero output below.
  if (EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), /*validate_peer=*/0) != 1) {
    return internal::OpenSslFailure(Reason::kInternal, "x25519: set peer");
  }
  X25519SharedSecret shared;
  size_t len = shared.size();
  // OpenSSL itself fails the derivation when the output is all zeros; either way it is
  // reported as invalid input, the same as our own check.
  if (EVP_PKEY_derive(ctx.get(), shared.data(), &len) != 1 || len != shared.size()) {
    return internal::OpenSslFailure(Reason::kCryptoInvalidInput,
                                    "x25519: shared secret is all zero (small-order peer key)");
  }
  const std::array<uint8_t, kX25519KeySize> zero{};
  if (ct::EqualMask(shared.span(), zero) != 0) {
    return base::Error(Reason::kCryptoInvalidInput,
                       "x25519: shared secret is all zero (small-order peer key)");
  }
  return shared;
}

}  // namespace cam::crypto
