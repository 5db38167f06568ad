#include "crypto/primitives/internal/fetched_algorithms.h"

#include <array>
#include <cstddef>

namespace cam::crypto::internal {
namespace {

constexpr std::array<const char*, 4> kCipherNames = {"AES-128-GCM", "AES-192-GCM", "AES-256-GCM",
                                                     "ChaCha20-Poly1305"};
constexpr std::array<const char*, 3> kDigestNames = {"SHA2-256", "SHA2-384", "SHA2-512"};

}  // namespace

// Each table is built once, on first use (C++ guarantees one thread builds it), and never
// changes afterwards. The references are held for the life of the process, like OpenSSL's own
// method store holds them.
const EVP_CIPHER* FetchedCipher(FetchedCipherId id) {
  static const std::array<EVP_CIPHER*, kCipherNames.size()> kCiphers = [] {
    std::array<EVP_CIPHER*, kCipherNames.size()> ciphers{};
    for (size_t i = 0; i < ciphers.size(); ++i) {
      ciphers[i] = EVP_CIPHER_fetch(nullptr, kCipherNames[i], nullptr);
    }
    return ciphers;
  }();
  return kCiphers[static_cast<size_t>(id)];
}

const EVP_MD* FetchedDigest(FetchedDigestId id) {
  static const std::array<EVP_MD*, kDigestNames.size()> kDigests = [] {
    std::array<EVP_MD*, kDigestNames.size()> digests{};
    for (size_t i = 0; i < digests.size(); ++i) {
      digests[i] = EVP_MD_fetch(nullptr, kDigestNames[i], nullptr);
    }
    return digests;
  }();
  return kDigests[static_cast<size_t>(id)];
}

}  // namespace cam::crypto::internal
