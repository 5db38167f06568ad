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

// ---- Four-way Keccak ----------------------------------------------------------------------------
// Four independent sponges advanced together, for the many parallel SHAKE calls of ML-KEM and
// ML-DSA (matrix expansion, noise sampling). Uses AVX2 when the CPU has it (checked once per
// process by UseAvx2 in cpu_dispatch.h; setting CAM_CRYPTO_DISABLE_AVX2=1 in the environment
// forces the portable path), otherwise four calls of KeccakF1600. Both give identical results.

// KeccakX4State holds four Keccak states interleaved: lanes[4 * i + j] is lane i of state j.
struct KeccakX4State {
  alignas(32) std::array<uint64_t, 100> lanes{};
};

// KeccakF1600x4 applies Keccak-p[1600, 24] to each of the four states.
void KeccakF1600x4(KeccakX4State& state);

// KeccakX4UsesAvx2 reports which path KeccakF1600x4 takes in this process.
bool KeccakX4UsesAvx2();

// KeccakSpongeX4 runs four sponges of the same rate and padding over four messages of equal
// length: AbsorbOnce once (absorbs and pads), then SqueezeBlocks any number of times, each time
// into four buffers of the same size, a multiple of the rate. Misuse (unequal lengths, absorbing
// twice, squeezing before absorbing) aborts. The destructor wipes the states.
class KeccakSpongeX4 {
 public:
  KeccakSpongeX4(size_t rate_bytes, uint8_t domain);
  ~KeccakSpongeX4();
  KeccakSpongeX4(const KeccakSpongeX4&) = delete;
  KeccakSpongeX4& operator=(const KeccakSpongeX4&) = delete;

  void AbsorbOnce(const std::array<std::span<const uint8_t>, 4>& in);
  void SqueezeBlocks(const std::array<std::span<uint8_t>, 4>& out);

 private:
  KeccakX4State state_;
  size_t rate_;
  uint8_t domain_;
  bool absorbed_ = false;
};

class Shake128x4 : public KeccakSpongeX4 {
 public:
  static constexpr size_t kRate = 168;
  Shake128x4() : KeccakSpongeX4(kRate, 0x1F) {}
};

class Shake256x4 : public KeccakSpongeX4 {
 public:
  static constexpr size_t kRate = 136;
  Shake256x4() : KeccakSpongeX4(kRate, 0x1F) {}
};

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_SHA3_KECCAK_H_
