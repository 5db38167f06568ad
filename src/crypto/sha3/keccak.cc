#include "crypto/sha3/keccak.h"

#include <cstdlib>
#include <cstring>

#include "base/secure_buffer.h"

namespace cam::crypto {
namespace {

// Round constants RC[i] of FIPS 202, Algorithm 5 (rc), for the 24 rounds.
constexpr std::array<uint64_t, 24> kRoundConstants = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

constexpr uint64_t Rotl(uint64_t x, int n) { return n == 0 ? x : (x << n) | (x >> (64 - n)); }

// Little-endian lane access; the state is kept as lanes so the permutation needs no swaps on
// x86-64, and byte access goes through these helpers to stay portable.
inline void XorByte(std::array<uint64_t, 25>& s, size_t offset, uint8_t b) {
  s[offset / 8] ^= static_cast<uint64_t>(b) << (8 * (offset % 8));
}
inline uint8_t GetByte(const std::array<uint64_t, 25>& s, size_t offset) {
  return static_cast<uint8_t>(s[offset / 8] >> (8 * (offset % 8)));
}

}  // namespace

void KeccakF1600(std::array<uint64_t, 25>& a) {
  // Lane (x, y) is a[x + 5y]. The theta, rho, pi, chi and iota steps of FIPS 202, section 3.2.
  for (uint64_t rc : kRoundConstants) {
    uint64_t c[5];
    for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (int x = 0; x < 5; ++x) {
      const uint64_t d = c[(x + 4) % 5] ^ Rotl(c[(x + 1) % 5], 1);
      for (int y = 0; y < 25; y += 5) a[y + x] ^= d;
    }
    // rho and pi together: B[y, 2x+3y] = rot(A[x, y], r[x, y]).
    static constexpr int kRho[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                                     25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};
    uint64_t b[25];
    for (int x = 0; x < 5; ++x) {
      for (int y = 0; y < 5; ++y) {
        b[y + 5 * ((2 * x + 3 * y) % 5)] = Rotl(a[x + 5 * y], kRho[x + 5 * y]);
      }
    }
    for (int y = 0; y < 25; y += 5) {
      for (int x = 0; x < 5; ++x) {
        a[y + x] = b[y + x] ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5]);
      }
    }
    a[0] ^= rc;
  }
}

KeccakSponge::KeccakSponge(size_t rate_bytes, uint8_t domain) : rate_(rate_bytes), domain_(domain) {}

KeccakSponge::~KeccakSponge() {
  base::SecureZero({reinterpret_cast<uint8_t*>(state_.data()), sizeof(state_)});
}

void KeccakSponge::Absorb(std::span<const uint8_t> data) {
  if (squeezing_) std::abort();
  size_t i = 0;
  // Whole aligned lanes go in 8 bytes at a time.
  while (i < data.size()) {
    if (position_ % 8 == 0 && data.size() - i >= 8 && rate_ - position_ >= 8) {
      uint64_t lane;
      std::memcpy(&lane, data.data() + i, 8);
      state_[position_ / 8] ^= lane;
      position_ += 8;
      i += 8;
    } else {
      XorByte(state_, position_++, data[i++]);
    }
    if (position_ == rate_) {
      KeccakF1600(state_);
      position_ = 0;
    }
  }
}

void KeccakSponge::Finalize() {
  XorByte(state_, position_, domain_);
  XorByte(state_, rate_ - 1, 0x80);
  KeccakF1600(state_);
  position_ = 0;
  squeezing_ = true;
}

void KeccakSponge::Squeeze(std::span<uint8_t> out) {
  if (!squeezing_) Finalize();
  size_t i = 0;
  while (i < out.size()) {
    if (position_ == rate_) {
      KeccakF1600(state_);
      position_ = 0;
    }
    if (position_ % 8 == 0 && out.size() - i >= 8 && rate_ - position_ >= 8) {
      std::memcpy(out.data() + i, &state_[position_ / 8], 8);
      position_ += 8;
      i += 8;
    } else {
      out[i++] = GetByte(state_, position_++);
    }
  }
}

void Sha3_256(std::span<const uint8_t> in, std::span<uint8_t, 32> out) {
  KeccakSponge sponge(136, 0x06);
  sponge.Absorb(in);
  sponge.Squeeze(out);
}

void Sha3_512(std::span<const uint8_t> in, std::span<uint8_t, 64> out) {
  KeccakSponge sponge(72, 0x06);
  sponge.Absorb(in);
  sponge.Squeeze(out);
}

void Shake128Once(std::span<const uint8_t> in, std::span<uint8_t> out) {
  Shake128 xof;
  xof.Absorb(in);
  xof.Squeeze(out);
}

void Shake256Once(std::span<const uint8_t> in, std::span<uint8_t> out) {
  Shake256 xof;
  xof.Absorb(in);
  xof.Squeeze(out);
}

}  // namespace cam::crypto
