#include "crypto/primitives/internal/fetched_algorithms.h"

#include <array>
#include <cstddef>

namespace cam::crypto::internal {
namespace {

constexpr std::array<const char*, 4> kCipherNames = {"AES-128-GCM", "AES-192-GCM", "AES-256-GCM",
                                                     "ChaCha20-Poly1305"};
constexpr std::array<const char*, 3> kDigestNames = {"SHA2-256", "SHA2-384", "SHA2-512"};

// Fetches every named algorithm from the default library context.
template <typename Algorithm, size_t kCount>
std::array<Algorithm*, kCount> FetchAll(Algorithm* (*fetch)(OSSL_LIB_CTX*, const char*,
                                                            const char*),
                                        const std::array<const char*, kCount>& names) {
  std::array<Algorithm*, kCount> fetched{};
  for (size_t i = 0; i < kCount; ++i) fetched[i] = fetch(nullptr, names[i], nullptr);
  return fetched;
}

}  // namespace

// Each table is built once, on first use (C++ guarantees one thread builds it), and never
// changes afterwards. The references are held for the life of the process, like OpenSSL's own
// method store holds them.
const EVP_CIPHER* FetchedCipher(FetchedCipherId id) {
  static const std::array<EVP_CIPHER*, kCipherNames.size()> kCiphers =
      FetchAll(&EVP_CIPHER_fetch, kCipherNames);
  return kCiphers[static_cast<size_t>(id)];
}

const EVP_MD* FetchedDigest(FetchedDigestId id) {
  static const std::array<EVP_MD*, kDigestNames.size()> kDigests =
      FetchAll(&EVP_MD_fetch, kDigestNames);
  return kDigests[static_cast<size_t>(id)];
}

}  // namespace cam::crypto::internal
