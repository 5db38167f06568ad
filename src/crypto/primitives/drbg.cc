#include "crypto/primitives/drbg.h"

#include <algorithm>
#include <utility>

#include "base/reasons.h"
#include "crypto/primitives/internal/openssl_util.h"

namespace cam::crypto {
namespace {

using ::cam::base::Reason;
using ::cam::crypto::internal::OpenSslFailure;

constexpr unsigned int kStrength = 256;

}  // namespace

void Drbg::CtxDeleter::operator()(EVP_RAND_CTX* ctx) const {
  if (ctx == nullptr) return;
  // Uninstantiate zeroizes the key and V before the context is freed.
  EVP_RAND_uninstantiate(ctx);
  EVP_RAND_CTX_free(ctx);
}

Drbg::Drbg(std::unique_ptr<EVP_RAND_CTX, CtxDeleter> seed_source,
           std::unique_ptr<EVP_RAND_CTX, CtxDeleter> ctx, size_t max_request)
    : seed_source_(std::move(seed_source)), ctx_(std::move(ctx)), max_request_(max_request) {}

Drbg::~Drbg() = default;

absl::StatusOr<Drbg> Drbg::Create(std::span<const uint8_t> personalization) {
  if (personalization.size() > kMaxAdditionalInputSize) {
    return base::Error(Reason::kCryptoInvalidInput, "drbg: personalization too long");
  }
  internal::EvpRandPtr seed_rand(EVP_RAND_fetch(nullptr, "SEED-SRC", nullptr));
  internal::EvpRandPtr rand(EVP_RAND_fetch(nullptr, "CTR-DRBG", nullptr));
  if (seed_rand == nullptr || rand == nullptr) {
    return OpenSslFailure(Reason::kInternal, "drbg: unavailable");
  }
  std::unique_ptr<EVP_RAND_CTX, CtxDeleter> seed_source(EVP_RAND_CTX_new(seed_rand.get(), nullptr));
  if (seed_source == nullptr ||
      EVP_RAND_instantiate(seed_source.get(), kStrength, /*prediction_resistance=*/0, nullptr, 0,
                           nullptr) != 1) {
    return OpenSslFailure(Reason::kInternal, "drbg: seed source");
  }
  std::unique_ptr<EVP_RAND_CTX, CtxDeleter> ctx(EVP_RAND_CTX_new(rand.get(), seed_source.get()));
  if (ctx == nullptr) return OpenSslFailure(Reason::kInternal, "drbg: out of memory");
  int use_df = 1;
  const OSSL_PARAM params[] = {
      internal::Utf8Param(OSSL_DRBG_PARAM_CIPHER, "AES-256-CTR"),
      OSSL_PARAM_construct_int(OSSL_DRBG_PARAM_USE_DF, &use_df),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_RAND_instantiate(ctx.get(), kStrength, /*prediction_resistance=*/0,
                           personalization.data(), personalization.size(), params) != 1) {
    return OpenSslFailure(Reason::kInternal, "drbg: instantiate");
  }
  size_t max_request = 0;
  OSSL_PARAM query[] = {
      OSSL_PARAM_construct_size_t(OSSL_RAND_PARAM_MAX_REQUEST, &max_request),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_RAND_CTX_get_params(ctx.get(), query) != 1 || max_request == 0) {
    return OpenSslFailure(Reason::kInternal, "drbg: parameters");
  }
  return Drbg(std::move(seed_source), std::move(ctx), max_request);
}

absl::Status Drbg::Generate(std::span<uint8_t> out, std::span<const uint8_t> additional_input) {
  if (ctx_ == nullptr) return base::Error(Reason::kInternal, "drbg: moved-from instance");
  if (additional_input.size() > kMaxAdditionalInputSize) {
    return base::Error(Reason::kCryptoInvalidInput, "drbg: additional input too long");
  }
  while (!out.empty()) {
    const size_t n = std::min(out.size(), max_request_);
    if (EVP_RAND_generate(ctx_.get(), out.data(), n, kStrength, /*prediction_resistance=*/0,
                          additional_input.data(), additional_input.size()) != 1) {
      return OpenSslFailure(Reason::kInternal, "drbg: generate");
    }
    out = out.subspan(n);
  }
  return absl::OkStatus();
}

absl::Status Drbg::Reseed(std::span<const uint8_t> additional_input) {
  if (ctx_ == nullptr) return base::Error(Reason::kInternal, "drbg: moved-from instance");
  if (additional_input.size() > kMaxAdditionalInputSize) {
    return base::Error(Reason::kCryptoInvalidInput, "drbg: additional input too long");
  }
  // No caller-supplied entropy: the DRBG pulls fresh entropy from its SEED-SRC parent.
  if (EVP_RAND_reseed(ctx_.get(), /*prediction_resistance=*/0, nullptr, 0, additional_input.data(),
                      additional_input.size()) != 1) {
    return OpenSslFailure(Reason::kInternal, "drbg: reseed");
  }
  return absl::OkStatus();
}

absl::StatusOr<uint32_t> Drbg::ReseedCounter() const {
  if (ctx_ == nullptr) return base::Error(Reason::kInternal, "drbg: moved-from instance");
  unsigned int counter = 0;
  OSSL_PARAM query[] = {
      OSSL_PARAM_construct_uint(OSSL_DRBG_PARAM_RESEED_COUNTER, &counter),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_RAND_CTX_get_params(ctx_.get(), query) != 1) {
    return OpenSslFailure(Reason::kInternal, "drbg: parameters");
  }
  return counter;
}

}  // namespace cam::crypto
