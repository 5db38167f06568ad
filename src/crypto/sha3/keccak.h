// File: crypto/sha3/keccak.h
// SHA-3 and SHAKE (FIPS 202), our own, because ML-KEM and ML-DSA squeeze SHAKE incrementally
// and OpenSSL 3.0 cannot (EVP_DigestSqueeze arrived in 3.3). Inputs and outputs may be secret:
// the permutation has no data-dependent branches or indices.
#ifndef CAM_CRYPTO_SHA3_KECCAK_H_
#define CAM_CRYPTO_SHA3_KECCAK_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace cam::crypto {

// KeccakF1600 applies the permutation Keccak-p[1600, 24] (FIPS 202, Algorithm 7) in place.
void KeccakF1600(std::array<uint64_t, 25>& state);

// KeccakSponge is an incremental sponge: Absorb any number of times, then Squeeze any number
// of times (absorbing after the first squeeze is a programming error and aborts).
// `rate_bytes` is 168 (SHAKE128), 136 (SHA3-256, SHAKE256) or 72 (SHA3-512); `domain` is the
// padding byte: 0x1F for SHAKE, 0x06 for SHA-3. The destructor wipes the state.
class KeccakSponge {
 public:
  KeccakSponge(size_t rate_bytes, uint8_t domain);
  ~KeccakSponge();
  KeccakSponge(const KeccakSponge&) = default;
  KeccakSponge& operator=(const KeccakSponge&) = default;

  void Absorb(std::span<const uint8_t> data);
  void Squeeze(std::span<uint8_t> out);

 private:
  void Finalize();

  std::array<uint64_t, 25> state_{};
  size_t rate_;
  size_t position_ = 0;  // Byte offset in the current block, for absorbing or squeezing.
  uint8_t domain_;
  bool squeezing_ = false;
};

// Shake128 / Shake256: XOF objects.
class Shake128 : public KeccakSponge {
 public:
  static constexpr size_t kRate = 168;
  Shake128() : KeccakSponge(kRate, 0x1F) {}
};

class Shake256 : public KeccakSponge {
 public:
  static constexpr size_t kRate = 136;
  Shake256() : KeccakSponge(kRate, 0x1F) {}
};

// One-shot digests. `out` must be exactly 32 (SHA3-256) or 64 (SHA3-512) bytes.
void Sha3_256(std::span<const uint8_t> in, std::span<uint8_t, 32> out);
void Sha3_512(std::span<const uint8_t> in, std::span<uint8_t, 64> out);
void Shake128Once(std::span<const uint8_t> in, std::span<uint8_t> out);
void Shake256Once(std::span<const uint8_t> in, std::span<uint8_t> out);

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_SHA3_KECCAK_H_
