#include "crypto/primitives/sha2.h"

#include "base/reasons.h"
#include "crypto/primitives/internal/fetched_algorithms.h"
#include "crypto/primitives/internal/openssl_util.h"

namespace cam::crypto {
namespace {

template <size_t N>
absl::StatusOr<std::array<uint8_t, N>> Digest(internal::FetchedDigestId id,
                                              std::span<const uint8_t> data) {
  const EVP_MD* md = internal::FetchedDigest(id);
  if (md == nullptr || static_cast<size_t>(EVP_MD_get_size(md)) != N) {
    return internal::OpenSslFailure(base::Reason::kInternal, "sha2: digest unavailable");
  }
  std::array<uint8_t, N> out{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1 || len != N) {
    return internal::OpenSslFailure(base::Reason::kInternal, "sha2: digest failed");
  }
  return out;
}

}  // namespace

absl::StatusOr<Sha256Digest> Sha256(std::span<const uint8_t> data) {
  return Digest<kSha256DigestSize>(internal::FetchedDigestId::kSha256, data);
}

absl::StatusOr<Sha384Digest> Sha384(std::span<const uint8_t> data) {
  return Digest<kSha384DigestSize>(internal::FetchedDigestId::kSha384, data);
}

absl::StatusOr<Sha512Digest> Sha512(std::span<const uint8_t> data) {
  return Digest<kSha512DigestSize>(internal::FetchedDigestId::kSha512, data);
}

}  // namespace cam::crypto
