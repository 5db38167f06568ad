#include "crypto/sha3/keccak.h"

#include <cstdlib>
#include <cstring>
#include <string_view>

#include "base/secure_buffer.h"
#include "crypto/sha3/cpu_dispatch.h"
#include "crypto/sha3/keccak_internal.h"

namespace cam::crypto {
namespace {

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

void KeccakF1600(std::array<uint64_t, 25>& state) {
  // Lane (x, y) is a[x + 5y], held in 25 local variables so the compiler keeps them in
  // registers; each loop iteration is two rounds, A -> E and E -> A, with theta, rho, pi, chi
  // and iota of FIPS 202, section 3.2, written out lane by lane (no modular indexing).
  using sha3_internal::kRoundConstants;
  uint64_t a0 = state[0];
  uint64_t a1 = state[1];
  uint64_t a2 = state[2];
  uint64_t a3 = state[3];
  uint64_t a4 = state[4];
  uint64_t a5 = state[5];
  uint64_t a6 = state[6];
  uint64_t a7 = state[7];
  uint64_t a8 = state[8];
  uint64_t a9 = state[9];
  uint64_t a10 = state[10];
  uint64_t a11 = state[11];
  uint64_t a12 = state[12];
  uint64_t a13 = state[13];
  uint64_t a14 = state[14];
  uint64_t a15 = state[15];
  uint64_t a16 = state[16];
  uint64_t a17 = state[17];
  uint64_t a18 = state[18];
  uint64_t a19 = state[19];
  uint64_t a20 = state[20];
  uint64_t a21 = state[21];
  uint64_t a22 = state[22];
  uint64_t a23 = state[23];
  uint64_t a24 = state[24];
  uint64_t e0, e1, e2, e3, e4, e5, e6, e7, e8, e9, e10, e11, e12, e13, e14, e15, e16, e17, e18, e19,
      e20, e21, e22, e23, e24;
  uint64_t b0, b1, b2, b3, b4, c0, c1, c2, c3, c4, d0, d1, d2, d3, d4;
  for (int round = 0; round < 24; round += 2) {
    c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
    c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
    c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
    c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
    c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
    d0 = c4 ^ Rotl(c1, 1);
    d1 = c0 ^ Rotl(c2, 1);
    d2 = c1 ^ Rotl(c3, 1);
    d3 = c2 ^ Rotl(c4, 1);
    d4 = c3 ^ Rotl(c0, 1);
    b0 = a0 ^ d0;
    b1 = Rotl(a6 ^ d1, 44);
    b2 = Rotl(a12 ^ d2, 43);
    b3 = Rotl(a18 ^ d3, 21);
    b4 = Rotl(a24 ^ d4, 14);
    e0 = b0 ^ (~b1 & b2);
    e1 = b1 ^ (~b2 & b3);
    e2 = b2 ^ (~b3 & b4);
    e3 = b3 ^ (~b4 & b0);
    e4 = b4 ^ (~b0 & b1);
    b0 = Rotl(a3 ^ d3, 28);
    b1 = Rotl(a9 ^ d4, 20);
    b2 = Rotl(a10 ^ d0, 3);
    b3 = Rotl(a16 ^ d1, 45);
    b4 = Rotl(a22 ^ d2, 61);
    e5 = b0 ^ (~b1 & b2);
    e6 = b1 ^ (~b2 & b3);
    e7 = b2 ^ (~b3 & b4);
    e8 = b3 ^ (~b4 & b0);
    e9 = b4 ^ (~b0 & b1);
    b0 = Rotl(a1 ^ d1, 1);
    b1 = Rotl(a7 ^ d2, 6);
    b2 = Rotl(a13 ^ d3, 25);
    b3 = Rotl(a19 ^ d4, 8);
    b4 = Rotl(a20 ^ d0, 18);
    e10 = b0 ^ (~b1 & b2);
    e11 = b1 ^ (~b2 & b3);
    e12 = b2 ^ (~b3 & b4);
    e13 = b3 ^ (~b4 & b0);
    e14 = b4 ^ (~b0 & b1);
    b0 = Rotl(a4 ^ d4, 27);
    b1 = Rotl(a5 ^ d0, 36);
    b2 = Rotl(a11 ^ d1, 10);
    b3 = Rotl(a17 ^ d2, 15);
    b4 = Rotl(a23 ^ d3, 56);
    e15 = b0 ^ (~b1 & b2);
    e16 = b1 ^ (~b2 & b3);
    e17 = b2 ^ (~b3 & b4);
    e18 = b3 ^ (~b4 & b0);
    e19 = b4 ^ (~b0 & b1);
    b0 = Rotl(a2 ^ d2, 62);
    b1 = Rotl(a8 ^ d3, 55);
    b2 = Rotl(a14 ^ d4, 39);
    b3 = Rotl(a15 ^ d0, 41);
    b4 = Rotl(a21 ^ d1, 2);
    e20 = b0 ^ (~b1 & b2);
    e21 = b1 ^ (~b2 & b3);
    e22 = b2 ^ (~b3 & b4);
    e23 = b3 ^ (~b4 & b0);
    e24 = b4 ^ (~b0 & b1);
    e0 ^= kRoundConstants[round];
    c0 = e0 ^ e5 ^ e10 ^ e15 ^ e20;
    c1 = e1 ^ e6 ^ e11 ^ e16 ^ e21;
    c2 = e2 ^ e7 ^ e12 ^ e17 ^ e22;
    c3 = e3 ^ e8 ^ e13 ^ e18 ^ e23;
    c4 = e4 ^ e9 ^ e14 ^ e19 ^ e24;
    d0 = c4 ^ Rotl(c1, 1);
    d1 = c0 ^ Rotl(c2, 1);
    d2 = c1 ^ Rotl(c3, 1);
    d3 = c2 ^ Rotl(c4, 1);
    d4 = c3 ^ Rotl(c0, 1);
    b0 = e0 ^ d0;
    b1 = Rotl(e6 ^ d1, 44);
    b2 = Rotl(e12 ^ d2, 43);
    b3 = Rotl(e18 ^ d3, 21);
    b4 = Rotl(e24 ^ d4, 14);
    a0 = b0 ^ (~b1 & b2);
    a1 = b1 ^ (~b2 & b3);
    a2 = b2 ^ (~b3 & b4);
    a3 = b3 ^ (~b4 & b0);
    a4 = b4 ^ (~b0 & b1);
    b0 = Rotl(e3 ^ d3, 28);
    b1 = Rotl(e9 ^ d4, 20);
    b2 = Rotl(e10 ^ d0, 3);
    b3 = Rotl(e16 ^ d1, 45);
    b4 = Rotl(e22 ^ d2, 61);
    a5 = b0 ^ (~b1 & b2);
    a6 = b1 ^ (~b2 & b3);
    a7 = b2 ^ (~b3 & b4);
    a8 = b3 ^ (~b4 & b0);
    a9 = b4 ^ (~b0 & b1);
    b0 = Rotl(e1 ^ d1, 1);
    b1 = Rotl(e7 ^ d2, 6);
    b2 = Rotl(e13 ^ d3, 25);
    b3 = Rotl(e19 ^ d4, 8);
    b4 = Rotl(e20 ^ d0, 18);
    a10 = b0 ^ (~b1 & b2);
    a11 = b1 ^ (~b2 & b3);
    a12 = b2 ^ (~b3 & b4);
    a13 = b3 ^ (~b4 & b0);
    a14 = b4 ^ (~b0 & b1);
    b0 = Rotl(e4 ^ d4, 27);
    b1 = Rotl(e5 ^ d0, 36);
    b2 = Rotl(e11 ^ d1, 10);
    b3 = Rotl(e17 ^ d2, 15);
    b4 = Rotl(e23 ^ d3, 56);
    a15 = b0 ^ (~b1 & b2);
    a16 = b1 ^ (~b2 & b3);
    a17 = b2 ^ (~b3 & b4);
    a18 = b3 ^ (~b4 & b0);
    a19 = b4 ^ (~b0 & b1);
    b0 = Rotl(e2 ^ d2, 62);
    b1 = Rotl(e8 ^ d3, 55);
    b2 = Rotl(e14 ^ d4, 39);
    b3 = Rotl(e15 ^ d0, 41);
    b4 = Rotl(e21 ^ d1, 2);
    a20 = b0 ^ (~b1 & b2);
    a21 = b1 ^ (~b2 & b3);
    a22 = b2 ^ (~b3 & b4);
    a23 = b3 ^ (~b4 & b0);
    a24 = b4 ^ (~b0 & b1);
    a0 ^= kRoundConstants[round + 1];
  }
  state[0] = a0;
  state[1] = a1;
  state[2] = a2;
  state[3] = a3;
  state[4] = a4;
  state[5] = a5;
  state[6] = a6;
  state[7] = a7;
  state[8] = a8;
  state[9] = a9;
  state[10] = a10;
  state[11] = a11;
  state[12] = a12;
  state[13] = a13;
  state[14] = a14;
  state[15] = a15;
  state[16] = a16;
  state[17] = a17;
  state[18] = a18;
  state[19] = a19;
  state[20] = a20;
  state[21] = a21;
  state[22] = a22;
  state[23] = a23;
  state[24] = a24;
}

KeccakSponge::KeccakSponge(size_t rate_bytes, uint8_t domain)
    : rate_(rate_bytes), domain_(domain) {}

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

// ---- Four-way sponge --------------------------------------------------------------------------

namespace sha3_internal {

void KeccakF1600x4Portable(uint64_t* lanes) {
  for (int j = 0; j < 4; ++j) {
    std::array<uint64_t, 25> state;
    for (int i = 0; i < 25; ++i) state[i] = lanes[4 * i + j];
    KeccakF1600(state);
    for (int i = 0; i < 25; ++i) lanes[4 * i + j] = state[i];
    base::SecureZero({reinterpret_cast<uint8_t*>(state.data()), sizeof(state)});
  }
}

}  // namespace sha3_internal

bool KeccakX4UsesAvx2() { return UseAvx2(); }

void KeccakF1600x4(KeccakX4State& state) {
  if (KeccakX4UsesAvx2()) {
    sha3_internal::KeccakF1600x4Avx2(state.lanes.data());
  } else {
    sha3_internal::KeccakF1600x4Portable(state.lanes.data());
  }
}

KeccakSpongeX4::KeccakSpongeX4(size_t rate_bytes, uint8_t domain)
    : rate_(rate_bytes), domain_(domain) {}

KeccakSpongeX4::~KeccakSpongeX4() {
  base::SecureZero({reinterpret_cast<uint8_t*>(state_.lanes.data()), sizeof(state_.lanes)});
}

void KeccakSpongeX4::AbsorbOnce(const std::array<std::span<const uint8_t>, 4>& in) {
  if (absorbed_) std::abort();
  const size_t length = in[0].size();
  for (const auto& m : in) {
    if (m.size() != length) std::abort();
  }
  const size_t lanes_per_block = rate_ / 8;
  size_t offset = 0;
  // Whole blocks.
  for (; length - offset >= rate_; offset += rate_) {
    for (size_t i = 0; i < lanes_per_block; ++i) {
      for (int j = 0; j < 4; ++j) {
        uint64_t lane;
        std::memcpy(&lane, in[j].data() + offset + 8 * i, 8);
        state_.lanes[4 * i + j] ^= lane;
      }
    }
    KeccakF1600x4(state_);
  }
  // The tail, then the padding (domain byte and the final 0x80) of FIPS 202, section 5.1.
  for (size_t k = 0; offset + k < length; ++k) {
    for (int j = 0; j < 4; ++j) {
      state_.lanes[4 * (k / 8) + j] ^= static_cast<uint64_t>(in[j][offset + k]) << (8 * (k % 8));
    }
  }
  const size_t tail = length - offset;
  for (int j = 0; j < 4; ++j) {
    state_.lanes[4 * (tail / 8) + j] ^= static_cast<uint64_t>(domain_) << (8 * (tail % 8));
    state_.lanes[4 * ((rate_ - 1) / 8) + j] ^= uint64_t{0x80} << (8 * ((rate_ - 1) % 8));
  }
  absorbed_ = true;
}

void KeccakSpongeX4::SqueezeBlocks(const std::array<std::span<uint8_t>, 4>& out) {
  if (!absorbed_) std::abort();
  const size_t length = out[0].size();
  for (const auto& o : out) {
    if (o.size() != length || length % rate_ != 0) std::abort();
  }
  const size_t lanes_per_block = rate_ / 8;
  for (size_t offset = 0; offset < length; offset += rate_) {
    KeccakF1600x4(state_);
    for (size_t i = 0; i < lanes_per_block; ++i) {
      for (int j = 0; j < 4; ++j) {
        std::memcpy(out[j].data() + offset + 8 * i, &state_.lanes[4 * i + j], 8);
      }
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
