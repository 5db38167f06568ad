// File: crypto/primitives/internal/fetched_algorithms.h
// OpenSSL's implementations of the ciphers and digests the wrappers use, fetched once per
// process. A fetch walks the provider store under its lock: it cost about 2,800 instructions
// of every value read (docs/PERFORMANCE.md, "Per-call work of our own"). Fetched algorithms are
// immutable and OpenSSL documents them as safe to share between threads.
#ifndef CAM_CRYPTO_PRIMITIVES_INTERNAL_FETCHED_ALGORITHMS_H_
#define CAM_CRYPTO_PRIMITIVES_INTERNAL_FETCHED_ALGORITHMS_H_

#include <openssl/evp.h>

namespace cam::crypto::internal {

enum class FetchedCipherId { kAes128Gcm, kAes192Gcm, kAes256Gcm, kChaCha20Poly1305 };
enum class FetchedDigestId { kSha256, kSha384, kSha512 };

// Nullptr when the default provider lacks the algorithm; callers report that as an error.
const EVP_CIPHER* FetchedCipher(FetchedCipherId id);
const EVP_MD* FetchedDigest(FetchedDigestId id);

}  // namespace cam::crypto::internal

#endif  // CAM_CRYPTO_PRIMITIVES_INTERNAL_FETCHED_ALGORITHMS_H_
