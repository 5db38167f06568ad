// File: crypto/primitives/drbg.h
// Drbg: a private NIST SP 800-90A CTR_DRBG (AES-256, with derivation function) instance over
// OpenSSL's EVP_RAND, for callers that want their own generator rather than OpenSSL's shared
// one.
//
// Seeding: the instance's parent is its own OpenSSL "SEED-SRC" entropy source, which reads
// the operating system's randomness (getrandom(2) on Linux); it does not draw from OpenSSL's
// shared primary DRBG. Fresh OS entropy is taken at instantiation and at every reseed, mixed
// with the optional personalization string and nonce as SP 800-90A section 10.2.1.3.2
// specifies. OpenSSL reseeds automatically after 2^16 generate requests or 7 hours (its
// defaults) and after fork() (it tracks the fork id); Reseed forces one.
//
// Thread safety: a Drbg is not safe for concurrent use; give each thread its own or lock.
#ifndef CAM_CRYPTO_PRIMITIVES_DRBG_H_
#define CAM_CRYPTO_PRIMITIVES_DRBG_H_

#include <openssl/types.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace cam::crypto {

class Drbg {
 public:
  // Create instantiates a CTR_DRBG at 256-bit security strength. `personalization` (at most
  // kMaxAdditionalInputSize bytes) separates instances; it need not be secret.
  [[nodiscard]] static absl::StatusOr<Drbg> Create(std::span<const uint8_t> personalization = {});

  // The SP 800-90A limit OpenSSL applies to personalization strings and additional input.
  static constexpr size_t kMaxAdditionalInputSize = 1 << 16;

  Drbg(Drbg&&) noexcept = default;
  Drbg& operator=(Drbg&&) noexcept = default;
  // Uninstantiates: OpenSSL zeroizes the working state.
  ~Drbg();

  // Generate fills `out` with pseudorandom bytes, splitting large requests into the
  // generator's maximum request size. `additional_input` is mixed into each request.
  [[nodiscard]] absl::Status Generate(std::span<uint8_t> out,
                                      std::span<const uint8_t> additional_input = {});

  // Reseed draws fresh entropy from the operating system and mixes it, and
  // `additional_input`, into the state.
  [[nodiscard]] absl::Status Reseed(std::span<const uint8_t> additional_input = {});

  // ReseedCounter returns OpenSSL's seeding counter for this instance, which increases with
  // every reseed; it lets callers and tests observe that a reseed happened.
  [[nodiscard]] absl::StatusOr<uint32_t> ReseedCounter() const;

 private:
  struct CtxDeleter {
    void operator()(EVP_RAND_CTX* ctx) const;
  };
  Drbg(std::unique_ptr<EVP_RAND_CTX, CtxDeleter> seed_source,
       std::unique_ptr<EVP_RAND_CTX, CtxDeleter> ctx, size_t max_request);

  // Declared first so it is destroyed after the DRBG that uses it as its parent.
  std::unique_ptr<EVP_RAND_CTX, CtxDeleter> seed_source_;
  std::unique_ptr<EVP_RAND_CTX, CtxDeleter> ctx_;
  size_t max_request_ = 0;
};

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_PRIMITIVES_DRBG_H_
