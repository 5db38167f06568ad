// The ML-DSA number-theoretic transforms with eight 32-bit coefficients per AVX2 register. The
// first five layers (distance 128 down to 8) pair whole registers; for the last three, eight
// blocks of eight coefficients are transposed so that each register holds the same position of
// eight blocks, and those layers pair registers too. Each butterfly is the scalar one of
// internal.h with the same operations in the same order, so the output is identical.
// Only <immintrin.h> and plain C types here (see ntt_avx2.h).
#include "crypto/mldsa/ntt_avx2.h"

#include <immintrin.h>

#include <cstdint>

namespace cam::crypto::mldsa_internal {
namespace {

constexpr int32_t kQ = 8380417;
constexpr int32_t kQInv = 58728449;  // q^-1 mod 2^32

constexpr uint32_t PowModQ(uint64_t base, uint64_t exp) {
  uint64_t result = 1;
  base %= kQ;
  for (; exp != 0; exp >>= 1) {
    if (exp & 1) result = result * base % kQ;
    base = base * base % kQ;
  }
  return static_cast<uint32_t>(result);
}

// The twiddle tables, built at compile time from their definition (the same as kZetas in
// internal.h: 1753^BitRev8(i) * 2^32 mod q, centered) and laid out in the order the vector
// loops read them.
struct Tables {
  int32_t zetas[256];
  // Forward, last three layers: for layer distance 4, 2, 1 (index 0, 1, 2) and sub-block s,
  // lane_zetas[layer][s][G] is the zeta of 8-coefficient block G.
  int32_t fwd4[32];
  int32_t fwd2[2][32];
  int32_t fwd1[4][32];
  // Inverse, first three layers, already negated as the inverse butterfly uses them.
  int32_t inv1[4][32];
  int32_t inv2[2][32];
  int32_t inv4[32];
  int32_t inv_scale;
};

constexpr Tables MakeTables() {
  Tables t{};
  for (int i = 0; i < 256; ++i) {
    int rev = 0;
    for (int b = 0; b < 8; ++b) rev |= ((i >> b) & 1) << (7 - b);
    const uint64_t z = PowModQ(1753, static_cast<uint64_t>(rev));
    const int32_t mont = static_cast<int32_t>((z << 32) % kQ);
    t.zetas[i] = mont > kQ / 2 ? mont - kQ : mont;
  }
  for (int g = 0; g < 32; ++g) {
    // Forward: distance 4 uses zetas[32 + G], distance 2 zetas[64 + 2G + s], distance 1
    // zetas[128 + 4G + s] (the scalar loop's ++k order).
    t.fwd4[g] = t.zetas[32 + g];
    for (int s = 0; s < 2; ++s) t.fwd2[s][g] = t.zetas[64 + 2 * g + s];
    for (int s = 0; s < 4; ++s) t.fwd1[s][g] = t.zetas[128 + 4 * g + s];
    // Inverse: distance 1 uses -zetas[255 - 4G - s], 2 uses -zetas[127 - 2G - s], 4 uses
    // -zetas[63 - G] (the scalar loop's --k order).
    for (int s = 0; s < 4; ++s) t.inv1[s][g] = -t.zetas[255 - 4 * g - s];
    for (int s = 0; s < 2; ++s) t.inv2[s][g] = -t.zetas[127 - 2 * g - s];
    t.inv4[g] = -t.zetas[63 - g];
  }
  t.inv_scale = static_cast<int32_t>(static_cast<uint64_t>(PowModQ(PowModQ(2, 32), 2)) *
                                     PowModQ(256, kQ - 2) % kQ);
  return t;
}

constexpr Tables kTables = MakeTables();

// ReduceHalves returns MontgomeryReduce of the 64-bit values `even` (lanes 0, 2, ...) and `odd`
// (lanes 1, 3, ...), merged back into eight 32-bit lanes.
inline __m256i ReduceHalves(__m256i even, __m256i odd) {
  const __m256i q = _mm256_set1_epi32(kQ);
  const __m256i qinv = _mm256_set1_epi32(kQInv);
  const __m256i t_even = _mm256_mul_epi32(even, qinv);  // low 32 bits: t = p * q^-1
  const __m256i t_odd = _mm256_mul_epi32(odd, qinv);
  const __m256i r_even = _mm256_sub_epi64(even, _mm256_mul_epi32(t_even, q));
  const __m256i r_odd = _mm256_sub_epi64(odd, _mm256_mul_epi32(t_odd, q));
  return _mm256_blend_epi32(_mm256_srli_epi64(r_even, 32), r_odd, 0xAA);
}

// MontMul returns MontgomeryReduce(a * b) lane by lane: the 64-bit products of the even and of
// the odd lanes are reduced separately and their high halves merged.
inline __m256i MontMul(__m256i a, __m256i b) {
  const __m256i p_even = _mm256_mul_epi32(a, b);
  const __m256i p_odd = _mm256_mul_epi32(_mm256_srli_epi64(a, 32), _mm256_srli_epi64(b, 32));
  return ReduceHalves(p_even, p_odd);
}

inline void Transpose8x8(__m256i* v) {
  const __m256i t0 = _mm256_unpacklo_epi32(v[0], v[1]);
  const __m256i t1 = _mm256_unpackhi_epi32(v[0], v[1]);
  const __m256i t2 = _mm256_unpacklo_epi32(v[2], v[3]);
  const __m256i t3 = _mm256_unpackhi_epi32(v[2], v[3]);
  const __m256i t4 = _mm256_unpacklo_epi32(v[4], v[5]);
  const __m256i t5 = _mm256_unpackhi_epi32(v[4], v[5]);
  const __m256i t6 = _mm256_unpacklo_epi32(v[6], v[7]);
  const __m256i t7 = _mm256_unpackhi_epi32(v[6], v[7]);
  const __m256i u0 = _mm256_unpacklo_epi64(t0, t2);
  const __m256i u1 = _mm256_unpackhi_epi64(t0, t2);
  const __m256i u2 = _mm256_unpacklo_epi64(t1, t3);
  const __m256i u3 = _mm256_unpackhi_epi64(t1, t3);
  const __m256i u4 = _mm256_unpacklo_epi64(t4, t6);
  const __m256i u5 = _mm256_unpackhi_epi64(t4, t6);
  const __m256i u6 = _mm256_unpacklo_epi64(t5, t7);
  const __m256i u7 = _mm256_unpackhi_epi64(t5, t7);
  v[0] = _mm256_permute2x128_si256(u0, u4, 0x20);
  v[1] = _mm256_permute2x128_si256(u1, u5, 0x20);
  v[2] = _mm256_permute2x128_si256(u2, u6, 0x20);
  v[3] = _mm256_permute2x128_si256(u3, u7, 0x20);
  v[4] = _mm256_permute2x128_si256(u0, u4, 0x31);
  v[5] = _mm256_permute2x128_si256(u1, u5, 0x31);
  v[6] = _mm256_permute2x128_si256(u2, u6, 0x31);
  v[7] = _mm256_permute2x128_si256(u3, u7, 0x31);
}

inline __m256i Load(const int32_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}
inline void Store(int32_t* p, __m256i v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }

// Cooley-Tukey butterfly: t = zeta * hi; hi = lo - t; lo = lo + t.
inline void Ct(__m256i& lo, __m256i& hi, __m256i zeta) {
  const __m256i t = MontMul(zeta, hi);
  hi = _mm256_sub_epi32(lo, t);
  lo = _mm256_add_epi32(lo, t);
}

// Gentleman-Sande butterfly: t = lo; lo = t + hi; hi = zeta * (t - hi).
inline void Gs(__m256i& lo, __m256i& hi, __m256i zeta) {
  const __m256i t = lo;
  lo = _mm256_add_epi32(t, hi);
  hi = MontMul(zeta, _mm256_sub_epi32(t, hi));
}

}  // namespace

void NttAvx2(int32_t* a) {
  int k = 0;
  for (int len = 128; len >= 8; len >>= 1) {
    for (int start = 0; start < 256; start += 2 * len) {
      const __m256i zeta = _mm256_set1_epi32(kTables.zetas[++k]);
      for (int j = start; j < start + len; j += 8) {
        __m256i lo = Load(a + j), hi = Load(a + j + len);
        Ct(lo, hi, zeta);
        Store(a + j, lo);
        Store(a + j + len, hi);
      }
    }
  }
  for (int g0 = 0; g0 < 32; g0 += 8) {
    __m256i v[8];
    for (int i = 0; i < 8; ++i) v[i] = Load(a + 8 * (g0 + i));
    Transpose8x8(v);  // v[k] lane g = coefficient k of block g0 + g
    const __m256i z4 = Load(kTables.fwd4 + g0);
    for (int k2 = 0; k2 < 4; ++k2) Ct(v[k2], v[k2 + 4], z4);
    for (int s = 0; s < 2; ++s) {
      const __m256i z2 = Load(kTables.fwd2[s] + g0);
      Ct(v[4 * s], v[4 * s + 2], z2);
      Ct(v[4 * s + 1], v[4 * s + 3], z2);
    }
    for (int s = 0; s < 4; ++s) Ct(v[2 * s], v[2 * s + 1], Load(kTables.fwd1[s] + g0));
    Transpose8x8(v);
    for (int i = 0; i < 8; ++i) Store(a + 8 * (g0 + i), v[i]);
  }
}

void InvNttToMontAvx2(int32_t* a) {
  for (int g0 = 0; g0 < 32; g0 += 8) {
    __m256i v[8];
    for (int i = 0; i < 8; ++i) v[i] = Load(a + 8 * (g0 + i));
    Transpose8x8(v);
    for (int s = 0; s < 4; ++s) Gs(v[2 * s], v[2 * s + 1], Load(kTables.inv1[s] + g0));
    for (int s = 0; s < 2; ++s) {
      const __m256i z2 = Load(kTables.inv2[s] + g0);
      Gs(v[4 * s], v[4 * s + 2], z2);
      Gs(v[4 * s + 1], v[4 * s + 3], z2);
    }
    const __m256i z4 = Load(kTables.inv4 + g0);
    for (int k2 = 0; k2 < 4; ++k2) Gs(v[k2], v[k2 + 4], z4);
    Transpose8x8(v);
    for (int i = 0; i < 8; ++i) Store(a + 8 * (g0 + i), v[i]);
  }
  int k = 32;
  for (int len = 8; len < 256; len <<= 1) {
    for (int start = 0; start < 256; start += 2 * len) {
      const __m256i zeta = _mm256_set1_epi32(-kTables.zetas[--k]);
      for (int j = start; j < start + len; j += 8) {
        __m256i lo = Load(a + j), hi = Load(a + j + len);
        Gs(lo, hi, zeta);
        Store(a + j, lo);
        Store(a + j + len, hi);
      }
    }
  }
  const __m256i scale = _mm256_set1_epi32(kTables.inv_scale);
  for (int j = 0; j < 256; j += 8) Store(a + j, MontMul(scale, Load(a + j)));
}

void PointwiseMontgomeryAvx2(int32_t* out, const int32_t* a, const int32_t* b) {
  for (int i = 0; i < 256; i += 8) Store(out + i, MontMul(Load(a + i), Load(b + i)));
}

void RowTimesVectorAvx2(int32_t* out, const int32_t* row, const int32_t* x, int l) {
  for (int i = 0; i < 256; i += 8) {
    __m256i even = _mm256_setzero_si256();
    __m256i odd = _mm256_setzero_si256();
    for (int j = 0; j < l; ++j) {
      const __m256i a = Load(row + 256 * j + i);
      const __m256i b = Load(x + 256 * j + i);
      even = _mm256_add_epi64(even, _mm256_mul_epi32(a, b));
      odd = _mm256_add_epi64(odd,
                             _mm256_mul_epi32(_mm256_srli_epi64(a, 32), _mm256_srli_epi64(b, 32)));
    }
    Store(out + i, ReduceHalves(even, odd));
  }
}

}  // namespace cam::crypto::mldsa_internal
