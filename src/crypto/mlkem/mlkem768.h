// File: crypto/mlkem/mlkem768.h
// ML-KEM-768 (FIPS 203): key generation, encapsulation and decapsulation, with the input checks
// of FIPS 203 sections 7.2 and 7.3. Our own implementation; no self-tests run on first use.
//
// Keys: the encapsulation key (public) is a plain 1184-byte array. The decapsulation key
// (secret) lives in an MlKem768DecapsulationKey, which keeps the 2400-byte FIPS 203 encoding in
// locked, wiped memory and is only ever built from a checked source (key generation or
// FromBytes). Shared secrets are written to caller memory, which the caller must wipe.
//
// Errors: every failed input check returns a status with reason kCryptoInvalidInput
// (CAM_CRYPTO_INVALID_INPUT). A ciphertext that is well-formed but was not produced for this
// key is NOT an error: decapsulation then yields a pseudo-random key (implicit rejection), in
// time independent of whether the ciphertext was valid.
//
// Thread safety: all functions are reentrant; a key object may be shared by concurrent readers.
#ifndef CAM_CRYPTO_MLKEM_MLKEM768_H_
#define CAM_CRYPTO_MLKEM_MLKEM768_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/secure_buffer.h"

namespace cam::crypto {

// Sizes, from FIPS 203, Table 3 (ML-KEM-768).
inline constexpr size_t kMlKem768EncapsulationKeyBytes = 1184;
inline constexpr size_t kMlKem768DecapsulationKeyBytes = 2400;
inline constexpr size_t kMlKem768CiphertextBytes = 1088;
inline constexpr size_t kMlKem768SharedSecretBytes = 32;
// The key generation seed d || z (FIPS 203, Algorithm 16 inputs), 32 + 32 bytes.
inline constexpr size_t kMlKem768SeedBytes = 64;
// The encapsulation randomness m (FIPS 203, Algorithm 17 input).
inline constexpr size_t kMlKem768EncapsRandomBytes = 32;

using MlKem768EncapsulationKey = std::array<uint8_t, kMlKem768EncapsulationKeyBytes>;
using MlKem768Ciphertext = std::array<uint8_t, kMlKem768CiphertextBytes>;

// MlKem768DecapsulationKey holds a decapsulation key that has passed the FIPS 203 section 7.3
// checks. A default-constructed key is empty; decapsulating with it fails. Move-only.
class MlKem768DecapsulationKey {
 public:
  MlKem768DecapsulationKey() = default;
  MlKem768DecapsulationKey(MlKem768DecapsulationKey&&) noexcept = default;
  MlKem768DecapsulationKey& operator=(MlKem768DecapsulationKey&&) noexcept = default;

  // FromBytes parses the 2400-byte expanded encoding dk_PKE || ek || H(ek) || z. It fails with
  // kCryptoInvalidInput when the length is wrong (7.3 check 2, type check) or the stored hash
  // does not match the embedded encapsulation key (7.3 check 3, hash check).
  [[nodiscard]] static absl::StatusOr<MlKem768DecapsulationKey> FromBytes(
      std::span<const uint8_t> encoded);

  // empty reports whether this object holds no key.
  bool empty() const { return dk_.empty(); }

  // bytes returns the 2400-byte encoding (secret; empty span if empty()).
  std::span<const uint8_t> bytes() const { return dk_.span(); }

  // encapsulation_key returns the encapsulation key embedded in the decapsulation key. Must not
  // be called on an empty key.
  std::span<const uint8_t, kMlKem768EncapsulationKeyBytes> encapsulation_key() const;

 private:
  friend absl::Status MlKem768KeyGenFromSeed(std::span<uint8_t, kMlKem768EncapsulationKeyBytes>,
                                             MlKem768DecapsulationKey&, std::span<const uint8_t>);
  explicit MlKem768DecapsulationKey(base::SecureBuffer dk) : dk_(std::move(dk)) {}

  base::SecureBuffer dk_;
};

// MlKem768KeyGenFromSeed runs ML-KEM.KeyGen_internal(d, z) (FIPS 203, Algorithm 16) on the
// 64-byte seed d || z, writing the encapsulation key to out_encapsulation_key and the
// decapsulation key to out_decapsulation_key. Fails with kCryptoInvalidInput, leaving both
// outputs untouched, if the seed is not 64 bytes. The seed is secret: the caller wipes it.
[[nodiscard]] absl::Status MlKem768KeyGenFromSeed(
    std::span<uint8_t, kMlKem768EncapsulationKeyBytes> out_encapsulation_key,
    MlKem768DecapsulationKey& out_decapsulation_key, std::span<const uint8_t> seed);

// MlKem768KeyGen is ML-KEM.KeyGen (FIPS 203, Algorithm 19) with a fresh seed from the kernel
// CSPRNG (cam::base::FillRandom). It cannot fail.
void MlKem768KeyGen(std::span<uint8_t, kMlKem768EncapsulationKeyBytes> out_encapsulation_key,
                    MlKem768DecapsulationKey& out_decapsulation_key);

// MlKem768CheckEncapsulationKey runs the FIPS 203 section 7.2 checks on an encapsulation key:
// the length (type check) and the modulus check (every encoded coefficient is below q, i.e.
// ByteEncode12(ByteDecode12(ek)) == ek). Returns kCryptoInvalidInput if either fails.
[[nodiscard]] absl::Status MlKem768CheckEncapsulationKey(
    std::span<const uint8_t> encapsulation_key);

// MlKem768Encaps is ML-KEM.Encaps (FIPS 203, Algorithm 20): it checks the encapsulation key as
// MlKem768CheckEncapsulationKey does, then writes a ciphertext to out_ciphertext and the 32-byte
// shared secret to out_shared_secret. On error, the outputs are unspecified and must not be
// used.
[[nodiscard]] absl::Status MlKem768Encaps(
    std::span<uint8_t, kMlKem768CiphertextBytes> out_ciphertext,
    std::span<uint8_t, kMlKem768SharedSecretBytes> out_shared_secret,
    std::span<const uint8_t> encapsulation_key);

// MlKem768EncapsDeterministic is MlKem768Encaps with caller-chosen randomness m
// (ML-KEM.Encaps_internal, FIPS 203, Algorithm 17, after the same input checks). For tests and
// known-answer vectors only: reusing m with the same key reveals the shared secret.
[[nodiscard]] absl::Status MlKem768EncapsDeterministic(
    std::span<uint8_t, kMlKem768CiphertextBytes> out_ciphertext,
    std::span<uint8_t, kMlKem768SharedSecretBytes> out_shared_secret,
    std::span<const uint8_t> encapsulation_key,
    std::span<const uint8_t, kMlKem768EncapsRandomBytes> m);

// MlKem768Decaps is ML-KEM.Decaps (FIPS 203, Algorithm 21): it writes the shared secret for
// `ciphertext` to out_shared_secret. Fails with kCryptoInvalidInput if the key is empty or the
// ciphertext is not 1088 bytes (7.3 check 1). Any 1088-byte ciphertext succeeds: one that does
// not decrypt and re-encrypt to itself yields the implicit-rejection key J(z || c), selected in
// constant time, so a caller learns of a bad ciphertext only when its later use of the key
// fails.
[[nodiscard]] absl::Status MlKem768Decaps(
    std::span<uint8_t, kMlKem768SharedSecretBytes> out_shared_secret,
    const MlKem768DecapsulationKey& decapsulation_key, std::span<const uint8_t> ciphertext);

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_MLKEM_MLKEM768_H_
