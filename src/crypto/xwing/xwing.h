// File: crypto/xwing/xwing.h
// X-Wing, the hybrid KEM of ML-KEM-768 and X25519 (draft-connolly-cfrg-xwing-kem-10, whose
// construction is unchanged since -05): 32-byte seed decapsulation keys expanded with SHAKE256,
// and the combiner SHA3-256(ss_M || ss_X || ct_X || pk_X || "\./" "/^\") with the label last.
// ML-KEM-768 is ours (crypto/mlkem); X25519 is OpenSSL's.
//
// Errors: failed input checks (lengths, the ML-KEM encapsulation key modulus check) return
// reason kCryptoInvalidInput; an OpenSSL failure (allocation) returns kInternal. Decapsulating a
// well-formed but wrong ciphertext is not an error: it yields an unrelated key (ML-KEM implicit
// rejection), so the caller notices only when the key is used.
//
// Thread safety: all functions are reentrant; a key object may be shared by concurrent readers.
#ifndef CAM_CRYPTO_XWING_XWING_H_
#define CAM_CRYPTO_XWING_XWING_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/secure_buffer.h"
#include "crypto/mlkem/mlkem768.h"

namespace cam::crypto {

// Sizes, from the draft's section 5.1.
inline constexpr size_t kXWingEncapsulationKeyBytes = 1216;  // pk_M (1184) || pk_X (32)
inline constexpr size_t kXWingDecapsulationKeyBytes = 32;    // the seed sk
inline constexpr size_t kXWingCiphertextBytes = 1120;        // ct_M (1088) || ct_X (32)
inline constexpr size_t kXWingSharedSecretBytes = 32;
// The encapsulation randomness eseed of EncapsulateDerand: m (32) || ek_X (32).
inline constexpr size_t kXWingEncapsSeedBytes = 64;

using XWingEncapsulationKey = std::array<uint8_t, kXWingEncapsulationKeyBytes>;
using XWingCiphertext = std::array<uint8_t, kXWingCiphertextBytes>;

// XWingDecapsulationKey holds the 32-byte seed and its expansion (the ML-KEM-768 decapsulation
// key, the X25519 secret and public keys), cached as the draft's section 5.5.1 allows. Only
// seed() may leave the process; the expansion never does. Move-only; default-constructed empty.
class XWingDecapsulationKey {
 public:
  XWingDecapsulationKey() = default;
  XWingDecapsulationKey(XWingDecapsulationKey&&) noexcept = default;
  XWingDecapsulationKey& operator=(XWingDecapsulationKey&&) noexcept = default;

  // empty reports whether this object holds no key.
  bool empty() const { return seed_.empty(); }

  // seed returns the 32-byte packed decapsulation key (secret; empty span if empty()).
  std::span<const uint8_t> seed() const { return seed_.span(); }

 private:
  friend absl::Status XWingKeyGenFromSeed(std::span<uint8_t, kXWingEncapsulationKeyBytes>,
                                          XWingDecapsulationKey&, std::span<const uint8_t>);
  friend absl::Status XWingDecaps(std::span<uint8_t, kXWingSharedSecretBytes>,
                                  const XWingDecapsulationKey&, std::span<const uint8_t>);

  base::SecureBuffer seed_;
  MlKem768DecapsulationKey mlkem_;
  base::SecureBuffer x25519_secret_;
  std::array<uint8_t, 32> x25519_public_{};
};

// XWingKeyGenFromSeed is GenerateKeyPairDerand(sk) (draft section 5.2.1): it expands the 32-byte
// seed and writes the encapsulation key to out_encapsulation_key and the key object to
// out_decapsulation_key. Fails with kCryptoInvalidInput if the seed is not 32 bytes, or
// kInternal if OpenSSL fails; the outputs are then unspecified.
[[nodiscard]] absl::Status XWingKeyGenFromSeed(
    std::span<uint8_t, kXWingEncapsulationKeyBytes> out_encapsulation_key,
    XWingDecapsulationKey& out_decapsulation_key, std::span<const uint8_t> seed);

// XWingKeyGen is GenerateKeyPair() (draft section 5.2) with a seed from the kernel CSPRNG.
[[nodiscard]] absl::Status XWingKeyGen(
    std::span<uint8_t, kXWingEncapsulationKeyBytes> out_encapsulation_key,
    XWingDecapsulationKey& out_decapsulation_key);

// XWingEncaps is Encapsulate(pk) (draft section 5.4): it writes the 1120-byte ciphertext and the
// 32-byte shared secret. Fails with kCryptoInvalidInput if the key is not 1216 bytes or its
// ML-KEM part fails the FIPS 203 section 7.2 check.
[[nodiscard]] absl::Status XWingEncaps(
    std::span<uint8_t, kXWingCiphertextBytes> out_ciphertext,
    std::span<uint8_t, kXWingSharedSecretBytes> out_shared_secret,
    std::span<const uint8_t> encapsulation_key);

// XWingEncapsDeterministic is EncapsulateDerand(pk, eseed) (draft section 5.4.1). For tests
// and known-answer vectors only: a reused eseed reveals the shared secret.
[[nodiscard]] absl::Status XWingEncapsDeterministic(
    std::span<uint8_t, kXWingCiphertextBytes> out_ciphertext,
    std::span<uint8_t, kXWingSharedSecretBytes> out_shared_secret,
    std::span<const uint8_t> encapsulation_key,
    std::span<const uint8_t, kXWingEncapsSeedBytes> eseed);

// XWingDecaps is Decapsulate(ct, sk) (draft section 5.5). Fails with kCryptoInvalidInput if the
// key is empty or the ciphertext is not 1120 bytes; any 1120-byte ciphertext otherwise yields
// a key.
[[nodiscard]] absl::Status XWingDecaps(
    std::span<uint8_t, kXWingSharedSecretBytes> out_shared_secret,
    const XWingDecapsulationKey& decapsulation_key, std::span<const uint8_t> ciphertext);

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_XWING_XWING_H_
