#include "crypto/primitives/sha2.h"

#include "base/reasons.h"
#include "crypto/primitives/internal/openssl_util.h"

namespace cam::crypto {
namespace {

template <size_t N>
absl::StatusOr<std::array<uint8_t, N>> Digest(const char* name, std::span<const uint8_t> data) {
  internal::EvpMdPtr md(EVP_MD_fetch(nullptr, name, nullptr));
  if (md == nullptr || static_cast<size_t>(EVP_MD_get_size(md.get())) != N) {
    return internal::OpenSslFailure(base::Reason::kInternal, "sha2: digest unavailable");
  }
  std::array<uint8_t, N> out{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, md.get(), nullptr) != 1 || len != N) {
    return internal::OpenSslFailure(base::Reason::kInternal, "sha2: digest failed");
  }
  return out;
}

}  // namespace

absl::StatusOr<Sha256Digest> Sha256(std::span<const uint8_t> data) {
  return Digest<kSha256DigestSize>("SHA2-256", data);
}

absl::StatusOr<Sha384Digest> Sha384(std::span<const uint8_t> data) {
  return Digest<kSha384DigestSize>("SHA2-384", data);
}

absl::StatusOr<Sha512Digest> Sha512(std::span<const uint8_t> data) {
  return Digest<kSha512DigestSize>("SHA2-512", data);
}

}  // namespace cam::crypto
