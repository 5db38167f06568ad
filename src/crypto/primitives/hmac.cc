#include "crypto/primitives/hmac.h"

#include <utility>

#include "base/reasons.h"
#include "crypto/ct.h"
#include "crypto/primitives/internal/openssl_util.h"

namespace cam::crypto {

using ::cam::base::Reason;

void HmacSha256Context::CtxDeleter::operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }

HmacSha256Context::HmacSha256Context(std::unique_ptr<EVP_MAC_CTX, CtxDeleter> ctx)
    : ctx_(std::move(ctx)) {}

HmacSha256Context::~HmacSha256Context() = default;

absl::StatusOr<HmacSha256Context> HmacSha256Context::Create(std::span<const uint8_t> key) {
  internal::EvpMacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (mac == nullptr) return internal::OpenSslFailure(Reason::kInternal, "hmac: unavailable");
  std::unique_ptr<EVP_MAC_CTX, CtxDeleter> ctx(EVP_MAC_CTX_new(mac.get()));
  if (ctx == nullptr) return internal::OpenSslFailure(Reason::kInternal, "hmac: out of memory");
  const OSSL_PARAM params[] = {
      internal::Utf8Param(OSSL_MAC_PARAM_DIGEST, "SHA2-256"),
      OSSL_PARAM_construct_end(),
  };
  // OpenSSL treats a null key pointer as "keep the previous key"; an empty key must still be a
  // key (RFC 2104 pads it with zeros), so point at a valid byte.
  static constexpr uint8_t kEmpty = 0;
  const uint8_t* key_data = key.empty() ? &kEmpty : key.data();
  if (EVP_MAC_init(ctx.get(), key_data, key.size(), params) != 1) {
    return internal::OpenSslFailure(Reason::kInternal, "hmac: init");
  }
  return HmacSha256Context(std::move(ctx));
}

absl::Status HmacSha256Context::Update(std::span<const uint8_t> data) {
  if (ctx_ == nullptr) return base::Error(Reason::kInternal, "hmac: context already finished");
  if (data.empty()) return absl::OkStatus();
  if (EVP_MAC_update(ctx_.get(), data.data(), data.size()) != 1) {
    return internal::OpenSslFailure(Reason::kInternal, "hmac: update");
  }
  return absl::OkStatus();
}

absl::StatusOr<HmacSha256Tag> HmacSha256Context::Finish() {
  if (ctx_ == nullptr) return base::Error(Reason::kInternal, "hmac: context already finished");
  // Spent either way: a half-finished context must not be reused.
  std::unique_ptr<EVP_MAC_CTX, CtxDeleter> ctx = std::move(ctx_);
  HmacSha256Tag tag{};
  size_t len = 0;
  if (EVP_MAC_final(ctx.get(), tag.data(), &len, tag.size()) != 1 || len != tag.size()) {
    return internal::OpenSslFailure(Reason::kInternal, "hmac: final");
  }
  return tag;
}

absl::StatusOr<HmacSha256Tag> HmacSha256(std::span<const uint8_t> key,
                                         std::span<const uint8_t> data) {
  absl::StatusOr<HmacSha256Context> mac = HmacSha256Context::Create(key);
  if (!mac.ok()) return mac.status();
  absl::Status status = mac->Update(data);
  if (!status.ok()) return status;
  return mac->Finish();
}

absl::Status HmacSha256Verify(std::span<const uint8_t> key, std::span<const uint8_t> data,
                              std::span<const uint8_t> tag) {
  absl::StatusOr<HmacSha256Tag> expected = HmacSha256(key, data);
  if (!expected.ok()) return expected.status();
  // The length is public; only the contents are compared in constant time.
  if (tag.size() != kHmacSha256TagSize || ct::EqualMask(*expected, tag) != 0xFF) {
    return base::Error(Reason::kCryptoVerifyFailed, "hmac: tag mismatch");
  }
  return absl::OkStatus();
}

}  // namespace cam::crypto
