#include "crypto/primitives/ecdsa_p256.h"

#include <openssl/ecdsa.h>
#include <openssl/obj_mac.h>
#include <openssl/x509.h>

#include <cstring>
#include <string_view>

#include "base/reasons.h"
#include "crypto/primitives/internal/openssl_util.h"

namespace cam::crypto {
namespace {

using ::cam::base::Reason;
using ::cam::crypto::internal::OpenSslFailure;

constexpr size_t kScalarSize = 32;
constexpr char kGroupName[] = "P-256";

absl::StatusOr<internal::EvpPkeyPtr> FromData(int selection, const OSSL_PARAM* params,
                                              Reason reason) {
  internal::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (ctx == nullptr || EVP_PKEY_fromdata_init(ctx.get()) != 1) {
    return OpenSslFailure(Reason::kInternal, "ecdsa-p256: key context");
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, selection, const_cast<OSSL_PARAM*>(params)) != 1) {
    return OpenSslFailure(reason, "ecdsa-p256: key rejected");
  }
  return internal::EvpPkeyPtr(raw);
}

// PublicKeyObject imports an uncompressed point; OpenSSL checks that it is on the curve, and
// EVP_PKEY_public_check repeats the full SP 800-56A partial validation.
absl::StatusOr<internal::EvpPkeyPtr> PublicKeyObject(std::span<const uint8_t> point,
                                                     Reason reason) {
  if (point.size() != kEcdsaP256PublicKeySize || point[0] != 0x04) {
    return base::Error(reason, "ecdsa-p256: public key is not an uncompressed point");
  }
  const OSSL_PARAM params[] = {
      internal::Utf8Param(OSSL_PKEY_PARAM_GROUP_NAME, kGroupName),
      internal::OctetParam(OSSL_PKEY_PARAM_PUB_KEY, point),
      OSSL_PARAM_construct_end(),
  };
  absl::StatusOr<internal::EvpPkeyPtr> pkey = FromData(EVP_PKEY_PUBLIC_KEY, params, reason);
  if (!pkey.ok()) return pkey.status();
  internal::EvpPkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey->get(), nullptr));
  if (check == nullptr || EVP_PKEY_public_check(check.get()) != 1) {
    return OpenSslFailure(reason, "ecdsa-p256: public key not on the curve");
  }
  return pkey;
}

// A private key object together with its public point.
struct PrivateKeyMaterial {
  internal::EvpPkeyPtr pkey;
  EcdsaP256PublicKey public_key;
};

absl::StatusOr<PrivateKeyMaterial> PrivateKeyObject(std::span<const uint8_t, kScalarSize> d_bytes) {
  internal::EcGroupPtr group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  internal::BnCtxPtr bn_ctx(BN_CTX_secure_new());
  // A secure BIGNUM, so OSSL_PARAM_BLD puts the scalar in secure (cleared-on-free) memory.
  internal::BignumPtr d(BN_secure_new());
  if (group == nullptr || bn_ctx == nullptr || d == nullptr) {
    return OpenSslFailure(Reason::kInternal, "ecdsa-p256: out of memory");
  }
  BN_set_flags(d.get(), BN_FLG_CONSTTIME);
  if (BN_bin2bn(d_bytes.data(), static_cast<int>(d_bytes.size()), d.get()) == nullptr) {
    return OpenSslFailure(Reason::kInternal, "ecdsa-p256: scalar import");
  }
  // Range check on the key itself, not a per-signature secret: it reveals only validity.
  if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(group.get())) >= 0) {
    return base::Error(Reason::kCryptoInvalidInput, "ecdsa-p256: private scalar out of range");
  }
  internal::EcPointPtr point(EC_POINT_new(group.get()));
  PrivateKeyMaterial material;
  if (point == nullptr ||
      EC_POINT_mul(group.get(), point.get(), d.get(), nullptr, nullptr, bn_ctx.get()) != 1 ||
      EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED,
                         material.public_key.data(), material.public_key.size(),
                         bn_ctx.get()) != material.public_key.size()) {
    return OpenSslFailure(Reason::kInternal, "ecdsa-p256: public point");
  }
  internal::OsslParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (bld == nullptr ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kGroupName, 0) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                       material.public_key.data(),
                                       material.public_key.size()) != 1) {
    return OpenSslFailure(Reason::kInternal, "ecdsa-p256: key parameters");
  }
  internal::OsslParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (params == nullptr) return OpenSslFailure(Reason::kInternal, "ecdsa-p256: key parameters");
  absl::StatusOr<internal::EvpPkeyPtr> pkey =
      FromData(EVP_PKEY_KEYPAIR, params.get(), Reason::kInternal);
  if (!pkey.ok()) return pkey.status();
  material.pkey = *std::move(pkey);
  return material;
}

absl::StatusOr<std::vector<uint8_t>> SignDerWith(EVP_PKEY* pkey, std::span<const uint8_t> message) {
  internal::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr ||
      EVP_DigestSignInit_ex(ctx.get(), nullptr, "SHA2-256", nullptr, nullptr, pkey, nullptr) != 1) {
    return OpenSslFailure(Reason::kInternal, "ecdsa-p256: sign init");
  }
  std::vector<uint8_t> signature(kEcdsaP256MaxDerSignatureSize);
  size_t len = signature.size();
  if (EVP_DigestSign(ctx.get(), signature.data(), &len, message.data(), message.size()) != 1 ||
      len > signature.size()) {
    return OpenSslFailure(Reason::kInternal, "ecdsa-p256: sign");
  }
  signature.resize(len);
  return signature;
}

// BytesToBn copies one big-endian 32-byte half of a raw signature into a new BIGNUM.
internal::BignumPtr BytesToBn(std::span<const uint8_t> bytes) {
  return internal::BignumPtr(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
}

}  // namespace

absl::StatusOr<EcdsaP256KeyPair> EcdsaP256GenerateKeyPair() {
  internal::EvpPkeyPtr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", kGroupName));
  if (pkey == nullptr) return OpenSslFailure(Reason::kInternal, "ecdsa-p256: keygen");
  BIGNUM* raw_d = nullptr;
  if (EVP_PKEY_get_bn_param(pkey.get(), OSSL_PKEY_PARAM_PRIV_KEY, &raw_d) != 1) {
    return OpenSslFailure(Reason::kInternal, "ecdsa-p256: private key export");
  }
  internal::BignumPtr d(raw_d);
  EcdsaP256PrivateKey private_key;
  if (BN_bn2binpad(d.get(), private_key.data(), static_cast<int>(private_key.size())) !=
      static_cast<int>(private_key.size())) {
    return OpenSslFailure(Reason::kInternal, "ecdsa-p256: private key export");
  }
  // Recompute the public point through the import path, so both constructors agree exactly.
  return EcdsaP256KeyPairFromPrivate(private_key.span());
}

absl::StatusOr<EcdsaP256KeyPair> EcdsaP256KeyPairFromPrivate(
    std::span<const uint8_t, kEcdsaP256PrivateKeySize> private_key) {
  absl::StatusOr<PrivateKeyMaterial> material = PrivateKeyObject(private_key);
  if (!material.ok()) return material.status();
  return EcdsaP256KeyPair{.private_key = EcdsaP256PrivateKey(private_key),
                          .public_key = material->public_key};
}

absl::StatusOr<std::vector<uint8_t>> EcdsaP256SignDer(
    std::span<const uint8_t, kEcdsaP256PrivateKeySize> private_key,
    std::span<const uint8_t> message) {
  absl::StatusOr<PrivateKeyMaterial> material = PrivateKeyObject(private_key);
  if (!material.ok()) return material.status();
  return SignDerWith(material->pkey.get(), message);
}

absl::StatusOr<EcdsaP256RawSignature> EcdsaP256SignRaw(
    std::span<const uint8_t, kEcdsaP256PrivateKeySize> private_key,
    std::span<const uint8_t> message) {
  absl::StatusOr<std::vector<uint8_t>> der = EcdsaP256SignDer(private_key, message);
  if (!der.ok()) return der.status();
  return EcdsaP256DerToRaw(*der);
}

absl::Status EcdsaP256VerifyDer(std::span<const uint8_t, kEcdsaP256PublicKeySize> public_key,
                                std::span<const uint8_t> message,
                                std::span<const uint8_t> der_signature) {
  absl::StatusOr<internal::EvpPkeyPtr> pkey =
      PublicKeyObject(public_key, Reason::kCryptoVerifyFailed);
  if (!pkey.ok()) return pkey.status();
  internal::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr || EVP_DigestVerifyInit_ex(ctx.get(), nullptr, "SHA2-256", nullptr, nullptr,
                                                pkey->get(), nullptr) != 1) {
    return OpenSslFailure(Reason::kInternal, "ecdsa-p256: verify init");
  }
  // OpenSSL re-encodes the parsed signature and rejects it unless the bytes match, so BER
  // variants, trailing garbage and out-of-range r or s all fail here.
  if (EVP_DigestVerify(ctx.get(), der_signature.data(), der_signature.size(), message.data(),
                       message.size()) != 1) {
    return OpenSslFailure(Reason::kCryptoVerifyFailed, "ecdsa-p256: signature invalid");
  }
  return absl::OkStatus();
}

absl::Status EcdsaP256VerifyRaw(std::span<const uint8_t, kEcdsaP256PublicKeySize> public_key,
                                std::span<const uint8_t> message,
                                std::span<const uint8_t> raw_signature) {
  if (raw_signature.size() != kEcdsaP256RawSignatureSize) {
    return base::Error(Reason::kCryptoVerifyFailed, "ecdsa-p256: raw signature length");
  }
  absl::StatusOr<std::vector<uint8_t>> der =
      EcdsaP256RawToDer(raw_signature.first<kEcdsaP256RawSignatureSize>());
  if (!der.ok()) return base::Error(Reason::kCryptoVerifyFailed, "ecdsa-p256: raw signature");
  return EcdsaP256VerifyDer(public_key, message, *der);
}

absl::StatusOr<EcdsaP256RawSignature> EcdsaP256DerToRaw(std::span<const uint8_t> der_signature) {
  if (!internal::FitsInt(der_signature.size())) {
    return base::Error(Reason::kCryptoInvalidInput, "ecdsa-p256: signature too long");
  }
  const unsigned char* p = der_signature.data();
  internal::EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_signature.size())));
  if (sig == nullptr || p != der_signature.data() + der_signature.size()) {
    return OpenSslFailure(Reason::kCryptoInvalidInput, "ecdsa-p256: malformed DER signature");
  }
  // Strict DER: the canonical re-encoding must reproduce the input byte for byte.
  unsigned char* reencoded = nullptr;
  const int reencoded_len = i2d_ECDSA_SIG(sig.get(), &reencoded);
  const bool canonical = reencoded_len > 0 &&
                         static_cast<size_t>(reencoded_len) == der_signature.size() &&
                         std::memcmp(reencoded, der_signature.data(), der_signature.size()) == 0;
  OPENSSL_free(reencoded);
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  if (!canonical || BN_is_negative(r) || BN_is_negative(s) || BN_is_zero(r) || BN_is_zero(s) ||
      BN_num_bytes(r) > static_cast<int>(kScalarSize) ||
      BN_num_bytes(s) > static_cast<int>(kScalarSize)) {
    return OpenSslFailure(Reason::kCryptoInvalidInput, "ecdsa-p256: non-canonical signature");
  }
  EcdsaP256RawSignature raw{};
  if (BN_bn2binpad(r, raw.data(), kScalarSize) != static_cast<int>(kScalarSize) ||
      BN_bn2binpad(s, raw.data() + kScalarSize, kScalarSize) != static_cast<int>(kScalarSize)) {
    return OpenSslFailure(Reason::kInternal, "ecdsa-p256: signature export");
  }
  return raw;
}

absl::StatusOr<std::vector<uint8_t>> EcdsaP256RawToDer(
    std::span<const uint8_t, kEcdsaP256RawSignatureSize> raw_signature) {
  internal::EcdsaSigPtr sig(ECDSA_SIG_new());
  internal::BignumPtr r = BytesToBn(raw_signature.first(kScalarSize));
  internal::BignumPtr s = BytesToBn(raw_signature.last(kScalarSize));
  if (sig == nullptr || r == nullptr || s == nullptr ||
      ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) {
    return OpenSslFailure(Reason::kInternal, "ecdsa-p256: signature import");
  }
  // ECDSA_SIG_set0 took ownership of r and s.
  r.release();
  s.release();
  const int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (len <= 0) return OpenSslFailure(Reason::kInternal, "ecdsa-p256: signature encode");
  std::vector<uint8_t> der(static_cast<size_t>(len));
  unsigned char* p = der.data();
  if (i2d_ECDSA_SIG(sig.get(), &p) != len) {
    return OpenSslFailure(Reason::kInternal, "ecdsa-p256: signature encode");
  }
  return der;
}

absl::StatusOr<EcdsaP256PublicKey> EcdsaP256PublicKeyFromSec1(std::span<const uint8_t> point) {
  absl::StatusOr<internal::EvpPkeyPtr> pkey = PublicKeyObject(point, Reason::kCryptoInvalidInput);
  if (!pkey.ok()) return pkey.status();
  EcdsaP256PublicKey out{};
  std::memcpy(out.data(), point.data(), out.size());
  return out;
}

absl::StatusOr<EcdsaP256PublicKey> EcdsaP256PublicKeyFromSpki(std::span<const uint8_t> spki_der) {
  if (!internal::FitsInt(spki_der.size())) {
    return base::Error(Reason::kCryptoInvalidInput, "ecdsa-p256: SPKI too long");
  }
  const unsigned char* p = spki_der.data();
  internal::EvpPkeyPtr pkey(
      d2i_PUBKEY_ex(nullptr, &p, static_cast<long>(spki_der.size()), nullptr, nullptr));
  if (pkey == nullptr || p != spki_der.data() + spki_der.size()) {
    return OpenSslFailure(Reason::kCryptoInvalidInput, "ecdsa-p256: malformed SPKI");
  }
  char group[32] = {};
  size_t group_len = 0;
  // Explicit curve parameters carry no group name, so they fail here too.
  if (!EVP_PKEY_is_a(pkey.get(), "EC") ||
      EVP_PKEY_get_utf8_string_param(pkey.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                     &group_len) != 1 ||
      std::string_view(group, group_len) != "prime256v1") {
    return OpenSslFailure(Reason::kCryptoInvalidInput, "ecdsa-p256: SPKI is not a P-256 key");
  }
  BIGNUM* raw_x = nullptr;
  BIGNUM* raw_y = nullptr;
  const int got_x = EVP_PKEY_get_bn_param(pkey.get(), OSSL_PKEY_PARAM_EC_PUB_X, &raw_x);
  const int got_y = EVP_PKEY_get_bn_param(pkey.get(), OSSL_PKEY_PARAM_EC_PUB_Y, &raw_y);
  internal::BignumPtr x(raw_x);
  internal::BignumPtr y(raw_y);
  EcdsaP256PublicKey point{};
  point[0] = 0x04;
  if (got_x != 1 || got_y != 1 ||
      BN_bn2binpad(x.get(), point.data() + 1, kScalarSize) != static_cast<int>(kScalarSize) ||
      BN_bn2binpad(y.get(), point.data() + 1 + kScalarSize, kScalarSize) !=
          static_cast<int>(kScalarSize)) {
    return OpenSslFailure(Reason::kCryptoInvalidInput, "ecdsa-p256: SPKI point");
  }
  // Re-import through the one validating path.
  return EcdsaP256PublicKeyFromSec1(point);
}

absl::StatusOr<std::vector<uint8_t>> EcdsaP256PublicKeyToSpki(
    std::span<const uint8_t, kEcdsaP256PublicKeySize> public_key) {
  absl::StatusOr<internal::EvpPkeyPtr> pkey =
      PublicKeyObject(public_key, Reason::kCryptoInvalidInput);
  if (!pkey.ok()) return pkey.status();
  const int len = i2d_PUBKEY(pkey->get(), nullptr);
  if (len <= 0) return OpenSslFailure(Reason::kInternal, "ecdsa-p256: SPKI encode");
  std::vector<uint8_t> der(static_cast<size_t>(len));
  unsigned char* p = der.data();
  if (i2d_PUBKEY(pkey->get(), &p) != len) {
    return OpenSslFailure(Reason::kInternal, "ecdsa-p256: SPKI encode");
  }
  return der;
}

}  // namespace cam::crypto
