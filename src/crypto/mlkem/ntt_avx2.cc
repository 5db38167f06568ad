// The ML-KEM number-theoretic transforms with sixteen 16-bit coefficients per AVX2 register.
// Layers with distance 16 or more pair whole registers; for distances 8, 4 and 2 the polynomial
// is transposed as a 16 x 16 matrix so that register k holds coefficient k of each block of 16,
// and those layers pair registers too, with one twiddle per lane. Each butterfly performs the
// scalar operations of mlkem768.cc in the same order, so the output is identical.
// Only <immintrin.h> and plain C types here (see ntt_avx2.h).
#include "crypto/mlkem/ntt_avx2.h"

#include <immintrin.h>

#include <cstdint>

namespace cam::crypto::mlkem {
namespace {

constexpr int kPrime = 3329;
constexpr int16_t kQInv = -3327;  // q^-1 mod 2^16 as a signed 16-bit value (62209)
constexpr int kBarrettV = ((1 << 26) + kPrime / 2) / kPrime;

// PowModQ and Centered repeat mlkem768.cc's on purpose: this file is compiled with -mavx2, and an
// inline function shared through a header could be emitted here with AVX2 instructions and then
// chosen by the linker for the portable callers too.
constexpr int PowModQ(int base, int exponent) {
  int64_t result = 1;
  int64_t b = base % kPrime;
  for (int e = exponent; e > 0; e >>= 1) {
    if (e & 1) result = result * b % kPrime;
    b = b * b % kPrime;
  }
  return static_cast<int>(result);
}

constexpr int16_t Centered(int64_t x) {
  int64_t r = x % kPrime;
  if (r < 0) r += kPrime;
  if (r > kPrime / 2) r -= kPrime;
  return static_cast<int16_t>(r);
}

// Twiddles, as kZetas in mlkem768.cc (17^BitRev7(i) * 2^16 mod q, centered), plus per-lane
// tables for the transposed layers in the order the loops read them.
struct Tables {
  int16_t zetas[128];
  int16_t fwd8[16];     // distance 8: zetas[16 + G] for block G
  int16_t fwd4[2][16];  // distance 4, sub-block s: zetas[32 + 2G + s]
  int16_t fwd2[4][16];  // distance 2, sub-block s: zetas[64 + 4G + s]
  int16_t inv2[4][16];  // inverse distance 2: zetas[127 - 4G - s]
  int16_t inv4[2][16];  // inverse distance 4: zetas[63 - 2G - s]
  int16_t inv8[16];     // inverse distance 8: zetas[31 - G]
  int16_t inverse_128_mont;
};

constexpr Tables MakeTables() {
  Tables t{};
  for (int i = 0; i < 128; ++i) {
    int r = 0;
    for (int b = 0; b < 7; ++b) r |= ((i >> b) & 1) << (6 - b);
    t.zetas[i] = Centered(int64_t{PowModQ(17, r)} * 65536);
  }
  for (int g = 0; g < 16; ++g) {
    t.fwd8[g] = t.zetas[16 + g];
    t.inv8[g] = t.zetas[31 - g];
    for (int s = 0; s < 2; ++s) {
      t.fwd4[s][g] = t.zetas[32 + 2 * g + s];
      t.inv4[s][g] = t.zetas[63 - 2 * g - s];
    }
    for (int s = 0; s < 4; ++s) {
      t.fwd2[s][g] = t.zetas[64 + 4 * g + s];
      t.inv2[s][g] = t.zetas[127 - 4 * g - s];
    }
  }
  t.inverse_128_mont = Centered(int64_t{PowModQ(128, kPrime - 2)} * 65536);
  return t;
}

constexpr Tables kTables = MakeTables();

// FqMul: a * b * 2^-16 mod q as in internal.h, from the low and high halves of the products.
inline __m256i FqMul(__m256i a, __m256i b) {
  const __m256i lo = _mm256_mullo_epi16(a, b);
  const __m256i hi = _mm256_mulhi_epi16(a, b);
  const __m256i t = _mm256_mullo_epi16(lo, _mm256_set1_epi16(kQInv));
  return _mm256_sub_epi16(hi, _mm256_mulhi_epi16(t, _mm256_set1_epi16(kPrime)));
}

// BarrettReduce as in internal.h: t = (v * a + 2^25) >> 26 = (((v * a) >> 16) + 2^9) >> 10.
inline __m256i BarrettReduce(__m256i a) {
  const __m256i high = _mm256_mulhi_epi16(a, _mm256_set1_epi16(kBarrettV));
  const __m256i t = _mm256_srai_epi16(_mm256_add_epi16(high, _mm256_set1_epi16(1 << 9)), 10);
  return _mm256_sub_epi16(a, _mm256_mullo_epi16(t, _mm256_set1_epi16(kPrime)));
}

inline __m256i Load(const int16_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}
inline void Store(int16_t* p, __m256i v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }

// Transposes the 8 x 8 blocks held in the two 128-bit halves of x[0..7].
inline void Transpose8x8Halves(__m256i* x) {
  __m256i a[8], b[8];
  for (int i = 0; i < 4; ++i) {
    a[2 * i] = _mm256_unpacklo_epi16(x[2 * i], x[2 * i + 1]);
    a[2 * i + 1] = _mm256_unpackhi_epi16(x[2 * i], x[2 * i + 1]);
  }
  b[0] = _mm256_unpacklo_epi32(a[0], a[2]);
  b[1] = _mm256_unpackhi_epi32(a[0], a[2]);
  b[2] = _mm256_unpacklo_epi32(a[1], a[3]);
  b[3] = _mm256_unpackhi_epi32(a[1], a[3]);
  b[4] = _mm256_unpacklo_epi32(a[4], a[6]);
  b[5] = _mm256_unpackhi_epi32(a[4], a[6]);
  b[6] = _mm256_unpacklo_epi32(a[5], a[7]);
  b[7] = _mm256_unpackhi_epi32(a[5], a[7]);
  for (int i = 0; i < 4; ++i) {
    x[2 * i] = _mm256_unpacklo_epi64(b[i], b[i + 4]);
    x[2 * i + 1] = _mm256_unpackhi_epi64(b[i], b[i + 4]);
  }
}

// Transpose16x16 transposes the 16 x 16 matrix of 16-bit values whose row r is v[r].
inline void Transpose16x16(__m256i* v) {
  __m256i top[8], bottom[8];
  for (int i = 0; i < 8; ++i) {
    top[i] = v[i];
    bottom[i] = v[i + 8];
  }
  Transpose8x8Halves(top);
  Transpose8x8Halves(bottom);
  for (int c = 0; c < 8; ++c) {
    v[c] = _mm256_permute2x128_si256(top[c], bottom[c], 0x20);
    v[c + 8] = _mm256_permute2x128_si256(top[c], bottom[c], 0x31);
  }
}

// Cooley-Tukey: t = zeta * hi; hi = lo - t; lo = lo + t.
inline void Ct(__m256i& lo, __m256i& hi, __m256i zeta) {
  const __m256i t = FqMul(zeta, hi);
  hi = _mm256_sub_epi16(lo, t);
  lo = _mm256_add_epi16(lo, t);
}

// Gentleman-Sande: t = lo; lo = Barrett(t + hi); hi = zeta * (hi - t).
inline void Gs(__m256i& lo, __m256i& hi, __m256i zeta) {
  const __m256i t = lo;
  lo = BarrettReduce(_mm256_add_epi16(t, hi));
  hi = FqMul(zeta, _mm256_sub_epi16(hi, t));
}

}  // namespace

void NttAvx2(int16_t* f) {
  int i = 1;
  for (int len = 128; len >= 16; len >>= 1) {
    for (int start = 0; start < 256; start += 2 * len) {
      const __m256i zeta = _mm256_set1_epi16(kTables.zetas[i++]);
      for (int j = start; j < start + len; j += 16) {
        __m256i lo = Load(f + j), hi = Load(f + j + len);
        Ct(lo, hi, zeta);
        Store(f + j, lo);
        Store(f + j + len, hi);
      }
    }
  }
  __m256i v[16];
  for (int r = 0; r < 16; ++r) v[r] = Load(f + 16 * r);
  Transpose16x16(v);  // v[k] lane G = coefficient k of block G
  const __m256i z8 = Load(kTables.fwd8);
  for (int k = 0; k < 8; ++k) Ct(v[k], v[k + 8], z8);
  for (int s = 0; s < 2; ++s) {
    const __m256i z4 = Load(kTables.fwd4[s]);
    for (int k = 0; k < 4; ++k) Ct(v[8 * s + k], v[8 * s + k + 4], z4);
  }
  for (int s = 0; s < 4; ++s) {
    const __m256i z2 = Load(kTables.fwd2[s]);
    for (int k = 0; k < 2; ++k) Ct(v[4 * s + k], v[4 * s + k + 2], z2);
  }
  Transpose16x16(v);
  for (int r = 0; r < 16; ++r) Store(f + 16 * r, BarrettReduce(v[r]));
}

void InverseNttAvx2(int16_t* f) {
  __m256i v[16];
  for (int r = 0; r < 16; ++r) v[r] = Load(f + 16 * r);
  Transpose16x16(v);
  for (int s = 0; s < 4; ++s) {
    const __m256i z2 = Load(kTables.inv2[s]);
    for (int k = 0; k < 2; ++k) Gs(v[4 * s + k], v[4 * s + k + 2], z2);
  }
  for (int s = 0; s < 2; ++s) {
    const __m256i z4 = Load(kTables.inv4[s]);
    for (int k = 0; k < 4; ++k) Gs(v[8 * s + k], v[8 * s + k + 4], z4);
  }
  const __m256i z8 = Load(kTables.inv8);
  for (int k = 0; k < 8; ++k) Gs(v[k], v[k + 8], z8);
  Transpose16x16(v);
  for (int r = 0; r < 16; ++r) Store(f + 16 * r, v[r]);
  int i = 15;
  for (int len = 16; len <= 128; len <<= 1) {
    for (int start = 0; start < 256; start += 2 * len) {
      const __m256i zeta = _mm256_set1_epi16(kTables.zetas[i--]);
      for (int j = start; j < start + len; j += 16) {
        __m256i lo = Load(f + j), hi = Load(f + j + len);
        Gs(lo, hi, zeta);
        Store(f + j, lo);
        Store(f + j + len, hi);
      }
    }
  }
  const __m256i scale = _mm256_set1_epi16(kTables.inverse_128_mont);
  for (int j = 0; j < 256; j += 16) Store(f + j, FqMul(Load(f + j), scale));
}

}  // namespace cam::crypto::mlkem
