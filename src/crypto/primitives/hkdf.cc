#include "crypto/primitives/hkdf.h"

#include <array>

#include "base/reasons.h"
#include "crypto/primitives/internal/openssl_util.h"

namespace cam::crypto {
namespace {

using ::cam::base::Reason;

// Derive runs OpenSSL's HKDF in `mode`. Empty salt or info are left out of the parameters,
// except that an empty salt is replaced by HashLen zeros as RFC 5869 section 2.2 specifies, so
// the result does not depend on how OpenSSL treats a missing salt.
absl::Status Derive(int mode, std::span<const uint8_t> key, std::span<const uint8_t> salt,
                    std::span<const uint8_t> info, std::span<uint8_t> out) {
  static constexpr std::array<uint8_t, 32> kZeroSalt{};
  // OpenSSL needs a non-null key pointer even for an empty IKM.
  static constexpr uint8_t kEmpty = 0;
  internal::EvpKdfPtr kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  if (kdf == nullptr) return internal::OpenSslFailure(Reason::kInternal, "hkdf: unavailable");
  internal::EvpKdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
  if (ctx == nullptr) return internal::OpenSslFailure(Reason::kInternal, "hkdf: out of memory");
  OSSL_PARAM params[6];
  size_t n = 0;
  params[n++] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
  params[n++] = internal::Utf8Param(OSSL_KDF_PARAM_DIGEST, "SHA2-256");
  params[n++] = internal::OctetParam(OSSL_KDF_PARAM_KEY,
                                     key.empty() ? std::span<const uint8_t>(&kEmpty, 0) : key);
  if (mode != EVP_KDF_HKDF_MODE_EXPAND_ONLY) {
    params[n++] = internal::OctetParam(OSSL_KDF_PARAM_SALT, salt.empty() ? kZeroSalt : salt);
  }
  if (mode != EVP_KDF_HKDF_MODE_EXTRACT_ONLY && !info.empty()) {
    params[n++] = internal::OctetParam(OSSL_KDF_PARAM_INFO, info);
  }
  params[n] = OSSL_PARAM_construct_end();
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) {
    base::SecureZero(out);
    return internal::OpenSslFailure(Reason::kInternal, "hkdf: derive");
  }
  return absl::OkStatus();
}

absl::Status CheckOutputSize(size_t size) {
  if (size == 0 || size > kHkdfSha256MaxOutputSize) {
    return base::Error(Reason::kCryptoInvalidInput, "hkdf: output length out of range");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<HkdfSha256Prk> HkdfSha256Extract(std::span<const uint8_t> ikm,
                                                std::span<const uint8_t> salt) {
  HkdfSha256Prk prk;
  absl::Status status = Derive(EVP_KDF_HKDF_MODE_EXTRACT_ONLY, ikm, salt, {}, prk.span());
  if (!status.ok()) return status;
  return prk;
}

absl::Status HkdfSha256Expand(std::span<const uint8_t, kHkdfSha256PrkSize> prk,
                              std::span<const uint8_t> info, std::span<uint8_t> out_key) {
  absl::Status status = CheckOutputSize(out_key.size());
  if (!status.ok()) return status;
  return Derive(EVP_KDF_HKDF_MODE_EXPAND_ONLY, prk, {}, info, out_key);
}

absl::Status HkdfSha256(std::span<const uint8_t> ikm, std::span<const uint8_t> salt,
                        std::span<const uint8_t> info, std::span<uint8_t> out_key) {
  absl::Status status = CheckOutputSize(out_key.size());
  if (!status.ok()) return status;
  return Derive(EVP_KDF_HKDF_MODE_EXTRACT_AND_EXPAND, ikm, salt, info, out_key);
}

absl::StatusOr<base::SecureBuffer> HkdfSha256(std::span<const uint8_t> ikm,
                                              std::span<const uint8_t> salt,
                                              std::span<const uint8_t> info, size_t length) {
  absl::Status status = CheckOutputSize(length);
  if (!status.ok()) return status;
  base::SecureBuffer out(length);
  status = HkdfSha256(ikm, salt, info, out.span());
  if (!status.ok()) return status;
  return out;
}

}  // namespace cam::crypto
