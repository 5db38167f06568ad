#include "crypto/mlkem/mlkem768.h"

#include <algorithm>
#include <utility>

#include "base/random.h"
#include "base/reasons.h"
#include "crypto/ct.h"
#include "crypto/mlkem/internal.h"
#include "crypto/mlkem/ntt_avx2.h"
#include "crypto/sha3/cpu_dispatch.h"
#include "crypto/sha3/keccak.h"

namespace cam::crypto {
namespace mlkem {
namespace {

// ---- Constant tables, computed at compile time from their definitions -----------------------

constexpr int BitRev7(int i) {
  int r = 0;
  for (int b = 0; b < 7; ++b) r |= ((i >> b) & 1) << (6 - b);
  return r;
}

constexpr int PowModQ(int base, int exponent) {
  int64_t result = 1;
  int64_t b = base % kPrime;
  for (int e = exponent; e > 0; e >>= 1) {
    if (e & 1) result = result * b % kPrime;
    b = b * b % kPrime;
  }
  return static_cast<int>(result);
}

// Centered returns the representative of x mod q in [-(q-1)/2, (q-1)/2].
constexpr int16_t Centered(int64_t x) {
  int64_t r = x % kPrime;
  if (r < 0) r += kPrime;
  if (r > kPrime / 2) r -= kPrime;
  return static_cast<int16_t>(r);
}

constexpr int64_t kMontR = 1 << 16;

// kZetas[i] = zeta^BitRev7(i) * 2^16 mod q with zeta = 17 (FIPS 203, section 4.3), in Montgomery
// form so FqMul(kZetas[i], x) = zeta^BitRev7(i) * x.
constexpr std::array<int16_t, 128> kZetas = [] {
  std::array<int16_t, 128> z{};
  for (int i = 0; i < 128; ++i) z[i] = Centered(PowModQ(17, BitRev7(i)) * kMontR);
  return z;
}();

// kGammas[i] = zeta^(2 BitRev7(i) + 1) * 2^16 mod q, the moduli of MultiplyNTTs (FIPS 203,
// Algorithm 11, line 2), in Montgomery form.
constexpr std::array<int16_t, 128> kGammas = [] {
  std::array<int16_t, 128> g{};
  for (int i = 0; i < 128; ++i) g[i] = Centered(PowModQ(17, 2 * BitRev7(i) + 1) * kMontR);
  return g;
}();

// 128^-1 mod q = 3303 (FIPS 203, Algorithm 10, line 14), times 2^16 for FqMul.
constexpr int16_t kInverse128Mont = Centered(int64_t{PowModQ(128, kPrime - 2)} * kMontR);
static_assert(PowModQ(128, kPrime - 2) == 3303);
// 2^32 mod q: FqMul(MontgomeryReduce(x), kR2) = x mod q.
constexpr int16_t kR2 = Centered(kMontR * kMontR);
static_assert(PowModQ(17, 128) == kPrime - 1, "17 is a primitive 256-th root of unity mod q");

// ---- Hash functions (FIPS 203, section 4.1) ---------------------------------------------------

// H(s) = SHA3-256(s).
void H(std::span<const uint8_t> s, std::span<uint8_t, 32> out) { Sha3_256(s, out); }

// G(c) = SHA3-512(c), split by the caller into two 32-byte halves.
void G(std::span<const uint8_t> c, std::span<uint8_t, 64> out) { Sha3_512(c, out); }

// PRF_eta(s, b) = SHAKE256(s || b, 64 eta), fed straight into SamplePolyCBD_eta.
template <int Eta>
void SampleCbdFromPrf(Poly& out, std::span<const uint8_t, 32> s, uint8_t b) {
  std::array<uint8_t, 64 * Eta> bytes;
  WipeOnExit wipe(bytes);
  Shake256 prf;
  prf.Absorb(s);
  prf.Absorb({&b, 1});
  prf.Squeeze(bytes);
  SamplePolyCbd<Eta>(out, bytes);
}

// SampleCbdFromPrfBatch sets *out[i] = SamplePolyCBD_eta(PRF_eta(s, first_nonce + i)) for the
// `count` (at most 4) non-null entries, running the PRFs as one four-way SHAKE256. Unused slots
// repeat slot 0's input and are discarded.
template <int Eta>
void SampleCbdFromPrfBatch(const std::array<Poly*, 4>& out, int count,
                           std::span<const uint8_t, 32> s, uint8_t first_nonce) {
  if (count == 1) {
    SampleCbdFromPrf<Eta>(*out[0], s, first_nonce);
    return;
  }
  constexpr size_t kBlocks = (64 * Eta + Shake256x4::kRate - 1) / Shake256x4::kRate;
  std::array<std::array<uint8_t, 33>, 4> inputs;
  std::array<std::array<uint8_t, kBlocks * Shake256x4::kRate>, 4> bytes;
  WipeOnExit wipe(inputs, bytes);
  for (int i = 0; i < 4; ++i) {
    std::copy(s.begin(), s.end(), inputs[i].begin());
    inputs[i][32] = static_cast<uint8_t>(first_nonce + (i < count ? i : 0));
  }
  Shake256x4 prf;
  prf.AbsorbOnce({inputs[0], inputs[1], inputs[2], inputs[3]});
  prf.SqueezeBlocks({bytes[0], bytes[1], bytes[2], bytes[3]});
  for (int i = 0; i < count; ++i) {
    SamplePolyCbd<Eta>(*out[i], std::span<const uint8_t, 64 * Eta>(bytes[i].data(), 64 * Eta));
  }
}

// SampleCbdVector samples K polynomials v[0..K) from PRF nonces first_nonce, first_nonce + 1...
template <int Eta, int K>
void SampleCbdVector(PolyVector<K>& v, std::span<const uint8_t, 32> s, uint8_t first_nonce) {
  for (int i = 0; i < K; i += 4) {
    const int count = std::min(4, K - i);
    std::array<Poly*, 4> out{};
    for (int k = 0; k < count; ++k) out[k] = &v[i + k];
    SampleCbdFromPrfBatch<Eta>(out, count, s, static_cast<uint8_t>(first_nonce + i));
  }
}

inline uint32_t LoadLe32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

// Normalize maps any int16 coefficient to [0, q).
inline void Normalize(Poly& f) {
  for (int16_t& x : f.c) x = ToUnsigned(BarrettReduce(x));
}

template <int D>
void CompressPoly(Poly& f) {
  for (int16_t& x : f.c) x = static_cast<int16_t>(Compress<D>(static_cast<uint16_t>(x)));
}

template <int D>
void DecompressPoly(Poly& f) {
  for (int16_t& x : f.c) x = static_cast<int16_t>(Decompress<D>(static_cast<uint16_t>(x)));
}

// ParseUniform_vartime appends the candidates of `bytes` below q to out.c[j..] (FIPS 203,
// Algorithm 7, lines 4-13) and returns the new count. `bytes` is a multiple of 3 long. Each
// candidate is stored unconditionally and kept by advancing the count, which avoids a
// mispredicted branch for every rejection; the two spare slots absorb the stores past the end.
int ParseUniform_vartime(Poly& out, int j, std::span<const uint8_t> bytes) {
  std::array<int16_t, kDegree + 2> buf;
  std::copy(out.c.begin(), out.c.begin() + j, buf.begin());
  for (size_t pos = 0; pos + 3 <= bytes.size() && j < kDegree; pos += 3) {
    const uint16_t d1 = static_cast<uint16_t>(bytes[pos] | ((bytes[pos + 1] & 0x0F) << 8));
    const uint16_t d2 = static_cast<uint16_t>((bytes[pos + 1] >> 4) | (bytes[pos + 2] << 4));
    buf[j] = static_cast<int16_t>(d1);
    j += d1 < kPrime;
    buf[j] = static_cast<int16_t>(d2);
    j += d2 < kPrime;
  }
  // A last pair may have brought the count to 257; the spec stops at 256.
  j = std::min(j, kDegree);
  std::copy(buf.begin(), buf.begin() + j, out.c.begin());
  return j;
}

// SampleNttBatch_vartime runs SampleNTT on `count` (at most 4) seeds with one four-way
// SHAKE128; unused slots repeat seed 0 and are discarded.
void SampleNttBatch_vartime(const std::array<Poly*, 4>& out, int count,
                            std::array<std::array<uint8_t, 34>, 4>& seeds) {
  if (count == 1) {
    SampleNtt_vartime(*out[0], seeds[0]);
    return;
  }
  for (int i = count; i < 4; ++i) seeds[i] = seeds[0];
  Shake128x4 xof;
  xof.AbsorbOnce({seeds[0], seeds[1], seeds[2], seeds[3]});
  // Three blocks (336 candidates) almost always give 256 coefficients; more follow one block
  // at a time, for all four lanes together.
  std::array<std::array<uint8_t, 3 * Shake128x4::kRate>, 4> buf;
  xof.SqueezeBlocks({buf[0], buf[1], buf[2], buf[3]});
  Poly scratch;
  std::array<int, 4> filled{};
  for (int i = 0; i < 4; ++i) {
    filled[i] = ParseUniform_vartime(i < count ? *out[i] : scratch, 0, buf[i]);
  }
  while (*std::min_element(filled.begin(), filled.begin() + count) < kDegree) {
    const auto block = [&buf](int i) {
      return std::span<uint8_t>(buf[i].data(), Shake128x4::kRate);
    };
    xof.SqueezeBlocks({block(0), block(1), block(2), block(3)});
    for (int i = 0; i < count; ++i) filled[i] = ParseUniform_vartime(*out[i], filled[i], block(i));
  }
}

// SampleMatrix fills a with A-hat of FIPS 203, Algorithm 13 lines 3-7 (A-hat[i, j] =
// SampleNTT(rho || j || i)), or with its transpose when `transposed` (Algorithm 14 needs A^T),
// four entries at a time.
template <int K>
void SampleMatrix_vartime(PolyMatrix<K>& a, std::span<const uint8_t, 32> rho, bool transposed) {
  std::array<std::array<uint8_t, 34>, 4> seeds;
  std::array<Poly*, 4> out{};
  int count = 0;
  for (int i = 0; i < K; ++i) {
    for (int j = 0; j < K; ++j) {
      std::copy(rho.begin(), rho.end(), seeds[count].begin());
      seeds[count][32] = static_cast<uint8_t>(transposed ? i : j);
      seeds[count][33] = static_cast<uint8_t>(transposed ? j : i);
      out[count++] = &a[i][j];
      if (count == 4) {
        SampleNttBatch_vartime(out, count, seeds);
        count = 0;
      }
    }
  }
  if (count > 0) SampleNttBatch_vartime(out, count, seeds);
}

}  // namespace

// ---- Polynomial algorithms -------------------------------------------------------------------

template <int D>
void ByteEncode(std::span<uint8_t, 32 * D> out, const Poly& f) {
  // Eight coefficients fill exactly D bytes; the bit buffer never holds more than 7 + D bits.
  size_t o = 0;
  for (int g = 0; g < kDegree; g += 8) {
    uint32_t acc = 0;
    int bits = 0;
    for (int k = 0; k < 8; ++k) {
      acc |= static_cast<uint32_t>(static_cast<uint16_t>(f.c[g + k])) << bits;
      bits += D;
      while (bits >= 8) {
        out[o++] = static_cast<uint8_t>(acc);
        acc >>= 8;
        bits -= 8;
      }
    }
  }
}

template <int D>
void ByteDecode(Poly& out, std::span<const uint8_t, 32 * D> in) {
  constexpr uint32_t kMask = (1u << D) - 1;
  size_t i = 0;
  for (int g = 0; g < kDegree; g += 8) {
    uint32_t acc = 0;
    int bits = 0;
    for (int k = 0; k < 8; ++k) {
      while (bits < D) {
        acc |= static_cast<uint32_t>(in[i++]) << bits;
        bits += 8;
      }
      out.c[g + k] = static_cast<int16_t>(acc & kMask);
      acc >>= D;
      bits -= D;
    }
  }
  if constexpr (D == 12) {
    // Values up to 4095 reduce with one conditional subtraction, done with a mask.
    for (int16_t& x : out.c) x = ToUnsigned(static_cast<int16_t>(x - kPrime));
  }
}

void SampleNtt_vartime(Poly& out, std::span<const uint8_t, 34> seed) {
  Shake128 xof;
  xof.Absorb(seed);
  // Three blocks (504 bytes, 336 candidates) usually suffice for 256 coefficients; more are
  // squeezed one block at a time. 168 is a multiple of 3, so candidates never straddle blocks.
  std::array<uint8_t, 3 * Shake128::kRate> buf;
  xof.Squeeze(buf);
  int j = ParseUniform_vartime(out, 0, buf);
  while (j < kDegree) {
    const auto block = std::span<uint8_t>(buf.data(), Shake128::kRate);
    xof.Squeeze(block);
    j = ParseUniform_vartime(out, j, block);
  }
}

template <int Eta>
void SamplePolyCbd(Poly& out, std::span<const uint8_t, 64 * Eta> bytes) {
  static_assert(Eta == 2 || Eta == 3);
  if constexpr (Eta == 2) {
    // Each 2-bit field of d is the sum of two adjacent bits; coefficient i takes field 2i as x
    // and field 2i+1 as y (FIPS 203, Algorithm 8, lines 3-4).
    for (int w = 0; w < 32; ++w) {
      const uint32_t t = LoadLe32(bytes.data() + 4 * w);
      const uint32_t d = (t & 0x55555555u) + ((t >> 1) & 0x55555555u);
      for (int k = 0; k < 8; ++k) {
        const int16_t x = static_cast<int16_t>((d >> (4 * k)) & 3);
        const int16_t y = static_cast<int16_t>((d >> (4 * k + 2)) & 3);
        out.c[8 * w + k] = static_cast<int16_t>(x - y);
      }
    }
  } else {
    // Three bytes give four coefficients; each 3-bit field of d sums three adjacent bits.
    for (int w = 0; w < 64; ++w) {
      const uint8_t* p = bytes.data() + 3 * w;
      const uint32_t t = static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
                         static_cast<uint32_t>(p[2]) << 16;
      const uint32_t d = (t & 0x249249u) + ((t >> 1) & 0x249249u) + ((t >> 2) & 0x249249u);
      for (int k = 0; k < 4; ++k) {
        const int16_t x = static_cast<int16_t>((d >> (6 * k)) & 7);
        const int16_t y = static_cast<int16_t>((d >> (6 * k + 3)) & 7);
        out.c[4 * w + k] = static_cast<int16_t>(x - y);
      }
    }
  }
}

void NttPortable(Poly& f) {
  // Cooley-Tukey butterflies without intermediate reduction: each layer adds less than q to
  // the magnitude, so after 7 layers |c| < 8q < 2^15.
  int i = 1;
  for (int len = 128; len >= 2; len >>= 1) {
    for (int start = 0; start < kDegree; start += 2 * len) {
      const int16_t zeta = kZetas[i++];
      for (int j = start; j < start + len; ++j) {
        const int16_t t = FqMul(zeta, f.c[j + len]);
        f.c[j + len] = static_cast<int16_t>(f.c[j] - t);
        f.c[j] = static_cast<int16_t>(f.c[j] + t);
      }
    }
  }
  for (int16_t& x : f.c) x = BarrettReduce(x);
}

void InverseNttPortable(Poly& f) {
  // Gentleman-Sande butterflies; the sums are Barrett-reduced each layer to stay below q.
  int i = 127;
  for (int len = 2; len <= 128; len <<= 1) {
    for (int start = 0; start < kDegree; start += 2 * len) {
      const int16_t zeta = kZetas[i--];
      for (int j = start; j < start + len; ++j) {
        const int16_t t = f.c[j];
        f.c[j] = BarrettReduce(static_cast<int16_t>(t + f.c[j + len]));
        f.c[j + len] = FqMul(zeta, static_cast<int16_t>(f.c[j + len] - t));
      }
    }
  }
  for (int16_t& x : f.c) x = FqMul(x, kInverse128Mont);
}

void Ntt(Poly& f) {
  if (UseAvx2()) {
    NttAvx2(f.c.data());
  } else {
    NttPortable(f);
  }
}

void InverseNtt(Poly& f) {
  if (UseAvx2()) {
    InverseNttAvx2(f.c.data());
  } else {
    InverseNttPortable(f);
  }
}

template <int K>
void InnerProductNtt(Poly& out, const PolyVector<K>& a, const PolyVector<K>& b) {
  // BaseCaseMultiply (FIPS 203, Algorithm 12) summed over j in int32 and reduced once:
  //   c0 = sum a0*b0 + (a1*b1) * gamma,  c1 = sum a0*b1 + a1*b0.
  // MontgomeryReduce(a1*b1) carries a 2^-16 that the Montgomery-form gamma cancels. Per term
  // |c0| < 1.5 q^2 and |c1| < 2 q^2, so for K <= 4 the sums stay below q * 2^15, the input
  // bound of MontgomeryReduce; the final FqMul by 2^32 mod q undoes its 2^-16.
  static_assert(K <= 4);
  for (int i = 0; i < kDegree / 2; ++i) {
    const int32_t gamma = kGammas[i];
    int32_t c0 = 0;
    int32_t c1 = 0;
    for (int j = 0; j < K; ++j) {
      const int32_t a0 = a[j].c[2 * i], a1 = a[j].c[2 * i + 1];
      const int32_t b0 = b[j].c[2 * i], b1 = b[j].c[2 * i + 1];
      c0 += a0 * b0 + MontgomeryReduce(a1 * b1) * gamma;
      c1 += a0 * b1 + a1 * b0;
    }
    out.c[2 * i] = FqMul(MontgomeryReduce(c0), kR2);
    out.c[2 * i + 1] = FqMul(MontgomeryReduce(c1), kR2);
  }
}

void MultiplyNtts(Poly& out, const Poly& a, const Poly& b) {
  InnerProductNtt<1>(out, PolyVector<1>{a}, PolyVector<1>{b});
}

// ---- K-PKE -----------------------------------------------------------------------------------

template <int K>
void KPkeKeyGen(std::span<uint8_t, Sizes<K>::kEncapsulationKey> out_ek,
                std::span<uint8_t, Sizes<K>::kPkeDecryptionKey> out_dk,
                std::span<const uint8_t, 32> d) {
  constexpr int kEta1 = Params<K>::kEta1;
  // Line 1: (rho, sigma) = G(d || k).
  std::array<uint8_t, 33> g_input;
  std::array<uint8_t, 64> rho_sigma;
  PolyVector<K> s, e;
  WipeOnExit wipe(g_input, rho_sigma, s, e);
  std::copy(d.begin(), d.end(), g_input.begin());
  g_input[32] = static_cast<uint8_t>(K);
  G(g_input, rho_sigma);
  const auto rho = std::span<const uint8_t, 64>(rho_sigma).template first<32>();
  const auto sigma = std::span<const uint8_t, 64>(rho_sigma).template last<32>();
  // rho is published in the encapsulation key (line 20), so SampleNTT may branch on it.
  ct::DeclassifyBytes(rho);

  PolyMatrix<K> a;
  SampleMatrix_vartime<K>(a, rho, /*transposed=*/false);
  SampleCbdVector<kEta1, K>(s, sigma, 0);
  SampleCbdVector<kEta1, K>(e, sigma, K);
  for (int i = 0; i < K; ++i) {
    Ntt(s[i]);
    Ntt(e[i]);
  }
  // Line 18: t-hat = A-hat o s-hat + e-hat; lines 19-20 encode t-hat and s-hat.
  for (int i = 0; i < K; ++i) {
    Poly t;
    InnerProductNtt<K>(t, a[i], s);
    for (int c = 0; c < kDegree; ++c) t.c[c] = static_cast<int16_t>(t.c[c] + e[i].c[c]);
    Normalize(t);
    ByteEncode<12>(std::span<uint8_t, 384>(out_ek.data() + 384 * i, 384), t);
  }
  for (int i = 0; i < K; ++i) {
    Normalize(s[i]);
    ByteEncode<12>(std::span<uint8_t, 384>(out_dk.data() + 384 * i, 384), s[i]);
  }
  std::copy(rho.begin(), rho.end(), out_ek.begin() + 384 * K);
}

template <int K>
void KPkeEncrypt(std::span<uint8_t, Sizes<K>::kCiphertext> out_c,
                 std::span<const uint8_t, Sizes<K>::kEncapsulationKey> ek,
                 std::span<const uint8_t, 32> m, std::span<const uint8_t, 32> r) {
  constexpr int kEta1 = Params<K>::kEta1, kEta2 = Params<K>::kEta2;
  constexpr int kDu = Params<K>::kDu, kDv = Params<K>::kDv;
  PolyVector<K> t_hat;
  for (int i = 0; i < K; ++i) {
    ByteDecode<12>(t_hat[i], std::span<const uint8_t, 384>(ek.data() + 384 * i, 384));
  }
  const auto rho = std::span<const uint8_t, 32>(ek.data() + 384 * K, 32);
  PolyMatrix<K> a_transposed;
  SampleMatrix_vartime<K>(a_transposed, rho, /*transposed=*/true);

  PolyVector<K> y, e1, u;
  Poly e2, mu, v;
  WipeOnExit wipe(y, e1, u, e2, mu, v);
  // y uses PRF nonces 0..K-1, e1 K..2K-1 and e2 2K (Algorithm 14, lines 9-17).
  SampleCbdVector<kEta1, K>(y, r, 0);
  if constexpr (kEta1 == kEta2) {
    // e1 and e2 share one batch when K + 1 <= 4.
    std::array<Poly*, 4> out{};
    for (int i = 0; i < K; ++i) out[i] = &e1[i];
    static_assert(K + 1 <= 4 || K == 4);
    if constexpr (K + 1 <= 4) {
      out[K] = &e2;
      SampleCbdFromPrfBatch<kEta2>(out, K + 1, r, static_cast<uint8_t>(K));
    } else {
      SampleCbdFromPrfBatch<kEta2>(out, K, r, static_cast<uint8_t>(K));
      SampleCbdFromPrf<kEta2>(e2, r, static_cast<uint8_t>(2 * K));
    }
  } else {
    SampleCbdVector<kEta2, K>(e1, r, static_cast<uint8_t>(K));
    SampleCbdFromPrf<kEta2>(e2, r, static_cast<uint8_t>(2 * K));
  }
  for (int i = 0; i < K; ++i) Ntt(y[i]);

  // Line 19: u = NTT^-1(A-hat^T o y-hat) + e1, then c1 = ByteEncode_du(Compress_du(u)).
  for (int i = 0; i < K; ++i) {
    InnerProductNtt<K>(u[i], a_transposed[i], y);
    InverseNtt(u[i]);
    for (int c = 0; c < kDegree; ++c) u[i].c[c] = static_cast<int16_t>(u[i].c[c] + e1[i].c[c]);
    Normalize(u[i]);
    CompressPoly<kDu>(u[i]);
    ByteEncode<kDu>(std::span<uint8_t, 32 * kDu>(out_c.data() + 32 * kDu * i, 32 * kDu), u[i]);
  }
  // Lines 20-21: v = NTT^-1(t-hat^T o y-hat) + e2 + Decompress_1(ByteDecode_1(m)).
  ByteDecode<1>(mu, m);
  DecompressPoly<1>(mu);
  InnerProductNtt<K>(v, t_hat, y);
  InverseNtt(v);
  for (int c = 0; c < kDegree; ++c) {
    v.c[c] = static_cast<int16_t>(v.c[c] + e2.c[c] + mu.c[c]);
  }
  Normalize(v);
  CompressPoly<kDv>(v);
  ByteEncode<kDv>(std::span<uint8_t, 32 * kDv>(out_c.data() + Sizes<K>::kCiphertextU, 32 * kDv), v);
}

template <int K>
void KPkeDecrypt(std::span<uint8_t, 32> out_m,
                 std::span<const uint8_t, Sizes<K>::kPkeDecryptionKey> dk,
                 std::span<const uint8_t, Sizes<K>::kCiphertext> c) {
  constexpr int kDu = Params<K>::kDu, kDv = Params<K>::kDv;
  PolyVector<K> u_hat, s_hat;
  Poly v, w;
  WipeOnExit wipe(s_hat, w);
  for (int i = 0; i < K; ++i) {
    ByteDecode<kDu>(u_hat[i],
                    std::span<const uint8_t, 32 * kDu>(c.data() + 32 * kDu * i, 32 * kDu));
    DecompressPoly<kDu>(u_hat[i]);
    Ntt(u_hat[i]);
    ByteDecode<12>(s_hat[i], std::span<const uint8_t, 384>(dk.data() + 384 * i, 384));
  }
  ByteDecode<kDv>(v,
                  std::span<const uint8_t, 32 * kDv>(c.data() + Sizes<K>::kCiphertextU, 32 * kDv));
  DecompressPoly<kDv>(v);
  // Line 6: w = v' - NTT^-1(s-hat^T o NTT(u')).
  InnerProductNtt<K>(w, s_hat, u_hat);
  InverseNtt(w);
  for (int i = 0; i < kDegree; ++i) w.c[i] = static_cast<int16_t>(v.c[i] - w.c[i]);
  Normalize(w);
  CompressPoly<1>(w);
  ByteEncode<1>(out_m, w);
}

// ---- ML-KEM internal algorithms --------------------------------------------------------------

template <int K>
void KeyGenInternal(std::span<uint8_t, Sizes<K>::kEncapsulationKey> out_ek,
                    std::span<uint8_t, Sizes<K>::kDecapsulationKey> out_dk,
                    std::span<const uint8_t, 32> d, std::span<const uint8_t, 32> z) {
  constexpr size_t kPkeDk = Sizes<K>::kPkeDecryptionKey;
  constexpr size_t kEk = Sizes<K>::kEncapsulationKey;
  KPkeKeyGen<K>(out_ek, out_dk.template first<kPkeDk>(), d);
  // dk = dk_PKE || ek || H(ek) || z.
  std::copy(out_ek.begin(), out_ek.end(), out_dk.begin() + kPkeDk);
  H(out_ek, out_dk.template subspan<kPkeDk + kEk, 32>());
  std::copy(z.begin(), z.end(), out_dk.begin() + kPkeDk + kEk + 32);
}

template <int K>
void EncapsInternal(std::span<uint8_t, Sizes<K>::kCiphertext> out_c,
                    std::span<uint8_t, 32> out_shared_secret,
                    std::span<const uint8_t, Sizes<K>::kEncapsulationKey> ek,
                    std::span<const uint8_t, 32> m) {
  // Line 1: (K, r) = G(m || H(ek)).
  std::array<uint8_t, 64> g_input;
  std::array<uint8_t, 64> k_r;
  WipeOnExit wipe(g_input, k_r);
  std::copy(m.begin(), m.end(), g_input.begin());
  H(ek, std::span<uint8_t, 64>(g_input).template last<32>());
  G(g_input, k_r);
  KPkeEncrypt<K>(out_c, ek, m, std::span<const uint8_t, 64>(k_r).template last<32>());
  std::copy(k_r.begin(), k_r.begin() + 32, out_shared_secret.begin());
}

template <int K>
void DecapsInternal(std::span<uint8_t, 32> out_shared_secret,
                    std::span<const uint8_t, Sizes<K>::kDecapsulationKey> dk,
                    std::span<const uint8_t, Sizes<K>::kCiphertext> c) {
  constexpr size_t kPkeDk = Sizes<K>::kPkeDecryptionKey;
  constexpr size_t kEk = Sizes<K>::kEncapsulationKey;
  const auto dk_pke = dk.template first<kPkeDk>();
  const auto ek_pke = dk.template subspan<kPkeDk, kEk>();
  const auto h = dk.template subspan<kPkeDk + kEk, 32>();
  const auto z = dk.template subspan<kPkeDk + kEk + 32, 32>();

  std::array<uint8_t, 64> g_input;  // m' || h
  std::array<uint8_t, 64> k_r;      // K' || r'
  std::array<uint8_t, 32> k_bar;
  std::array<uint8_t, Sizes<K>::kCiphertext> c_prime;
  WipeOnExit wipe(g_input, k_r, k_bar, c_prime);
  // Lines 7-8: m' = K-PKE.Decrypt(dk_PKE, c); (K', r') = G(m' || h).
  KPkeDecrypt<K>(std::span<uint8_t, 64>(g_input).template first<32>(), dk_pke, c);
  std::copy(h.begin(), h.end(), g_input.begin() + 32);
  G(g_input, k_r);
  // Line 9: K-bar = J(z || c) = SHAKE256(z || c, 32 bytes).
  Shake256 j;
  j.Absorb(z);
  j.Absorb(c);
  j.Squeeze(k_bar);
  // Lines 10-12: re-encrypt and select K' or K-bar without branching on the comparison.
  KPkeEncrypt<K>(c_prime, ek_pke, std::span<const uint8_t, 64>(g_input).template first<32>(),
                 std::span<const uint8_t, 64>(k_r).template last<32>());
  const uint8_t equal = ct::EqualMask(c, c_prime);
  ct::SelectBytes(equal, std::span<const uint8_t>(k_r.data(), 32), k_bar, out_shared_secret);
}

template <int K>
bool CheckEncapsulationKeyModulus_vartime(
    std::span<const uint8_t, Sizes<K>::kEncapsulationKey> ek) {
  for (int i = 0; i < K; ++i) {
    const auto encoded = std::span<const uint8_t, 384>(ek.data() + 384 * i, 384);
    Poly decoded;
    ByteDecode<12>(decoded, encoded);
    std::array<uint8_t, 384> reencoded;
    ByteEncode<12>(reencoded, decoded);
    if (!std::equal(reencoded.begin(), reencoded.end(), encoded.begin())) return false;
  }
  return true;
}

template <int K>
bool CheckDecapsulationKeyHash(std::span<const uint8_t, Sizes<K>::kDecapsulationKey> dk) {
  constexpr size_t kPkeDk = Sizes<K>::kPkeDecryptionKey;
  constexpr size_t kEk = Sizes<K>::kEncapsulationKey;
  std::array<uint8_t, 32> hash;
  H(dk.template subspan<kPkeDk, kEk>(), hash);
  return ct::EqualMask(hash, dk.template subspan<kPkeDk + kEk, 32>()) != 0;
}

// Only ML-KEM-768 ships; the encode and decode widths it needs are du = 10, dv = 4, 1 and 12.
template void ByteEncode<1>(std::span<uint8_t, 32>, const Poly&);
template void ByteEncode<4>(std::span<uint8_t, 128>, const Poly&);
template void ByteEncode<10>(std::span<uint8_t, 320>, const Poly&);
template void ByteEncode<12>(std::span<uint8_t, 384>, const Poly&);
template void ByteDecode<1>(Poly&, std::span<const uint8_t, 32>);
template void ByteDecode<4>(Poly&, std::span<const uint8_t, 128>);
template void ByteDecode<10>(Poly&, std::span<const uint8_t, 320>);
template void ByteDecode<12>(Poly&, std::span<const uint8_t, 384>);
template void SamplePolyCbd<2>(Poly&, std::span<const uint8_t, 128>);
template void SamplePolyCbd<3>(Poly&, std::span<const uint8_t, 192>);
template void InnerProductNtt<3>(Poly&, const PolyVector<3>&, const PolyVector<3>&);
template void KPkeKeyGen<3>(std::span<uint8_t, 1184>, std::span<uint8_t, 1152>,
                            std::span<const uint8_t, 32>);
template void KPkeEncrypt<3>(std::span<uint8_t, 1088>, std::span<const uint8_t, 1184>,
                             std::span<const uint8_t, 32>, std::span<const uint8_t, 32>);
template void KPkeDecrypt<3>(std::span<uint8_t, 32>, std::span<const uint8_t, 1152>,
                             std::span<const uint8_t, 1088>);
template void KeyGenInternal<3>(std::span<uint8_t, 1184>, std::span<uint8_t, 2400>,
                                std::span<const uint8_t, 32>, std::span<const uint8_t, 32>);
template void EncapsInternal<3>(std::span<uint8_t, 1088>, std::span<uint8_t, 32>,
                                std::span<const uint8_t, 1184>, std::span<const uint8_t, 32>);
template void DecapsInternal<3>(std::span<uint8_t, 32>, std::span<const uint8_t, 2400>,
                                std::span<const uint8_t, 1088>);
template bool CheckEncapsulationKeyModulus_vartime<3>(std::span<const uint8_t, 1184>);
template bool CheckDecapsulationKeyHash<3>(std::span<const uint8_t, 2400>);

}  // namespace mlkem

// ---- Public API --------------------------------------------------------------------------------

namespace {

constexpr int kRank = 3;
using Sizes768 = mlkem::Sizes<kRank>;
static_assert(Sizes768::kEncapsulationKey == kMlKem768EncapsulationKeyBytes);
static_assert(Sizes768::kDecapsulationKey == kMlKem768DecapsulationKeyBytes);
static_assert(Sizes768::kCiphertext == kMlKem768CiphertextBytes);
static_assert(Sizes768::kSharedSecret == kMlKem768SharedSecretBytes);

absl::Status InvalidInput(std::string_view detail) {
  return base::Error(base::Reason::kCryptoInvalidInput, detail);
}

absl::Status CheckEncapsulationKey(std::span<const uint8_t> ek) {
  if (ek.size() != kMlKem768EncapsulationKeyBytes) {
    return InvalidInput("ML-KEM-768 encapsulation key has the wrong length");
  }
  if (!mlkem::CheckEncapsulationKeyModulus_vartime<kRank>(
          std::span<const uint8_t, kMlKem768EncapsulationKeyBytes>(ek.data(), ek.size()))) {
    return InvalidInput("ML-KEM-768 encapsulation key fails the modulus check");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<MlKem768DecapsulationKey> MlKem768DecapsulationKey::FromBytes(
    std::span<const uint8_t> encoded) {
  if (encoded.size() != kMlKem768DecapsulationKeyBytes) {
    return InvalidInput("ML-KEM-768 decapsulation key has the wrong length");
  }
  if (!mlkem::CheckDecapsulationKeyHash<kRank>(
          std::span<const uint8_t, kMlKem768DecapsulationKeyBytes>(encoded.data(),
                                                                   encoded.size()))) {
    return InvalidInput("ML-KEM-768 decapsulation key fails the hash check");
  }
  return MlKem768DecapsulationKey(base::SecureBuffer::CopyOf(encoded));
}

std::span<const uint8_t, kMlKem768EncapsulationKeyBytes>
MlKem768DecapsulationKey::encapsulation_key() const {
  return std::span<const uint8_t, kMlKem768EncapsulationKeyBytes>(
      dk_.data() + Sizes768::kPkeDecryptionKey, kMlKem768EncapsulationKeyBytes);
}

absl::Status MlKem768KeyGenFromSeed(
    std::span<uint8_t, kMlKem768EncapsulationKeyBytes> out_encapsulation_key,
    MlKem768DecapsulationKey& out_decapsulation_key, std::span<const uint8_t> seed) {
  if (seed.size() != kMlKem768SeedBytes) {
    return InvalidInput("ML-KEM-768 seed must be 64 bytes");
  }
  base::SecureBuffer dk(kMlKem768DecapsulationKeyBytes);
  mlkem::KeyGenInternal<kRank>(out_encapsulation_key,
                               std::span<uint8_t, kMlKem768DecapsulationKeyBytes>(dk.span()),
                               std::span<const uint8_t, 32>(seed.data(), 32),
                               std::span<const uint8_t, 32>(seed.data() + 32, 32));
  out_decapsulation_key = MlKem768DecapsulationKey(std::move(dk));
  return absl::OkStatus();
}

void MlKem768KeyGen(std::span<uint8_t, kMlKem768EncapsulationKeyBytes> out_encapsulation_key,
                    MlKem768DecapsulationKey& out_decapsulation_key) {
  std::array<uint8_t, kMlKem768SeedBytes> seed;
  mlkem::WipeOnExit wipe(seed);
  base::FillRandom(seed);
  // The seed has the right length by construction, so this cannot fail.
  MlKem768KeyGenFromSeed(out_encapsulation_key, out_decapsulation_key, seed).IgnoreError();
}

absl::Status MlKem768CheckEncapsulationKey(std::span<const uint8_t> encapsulation_key) {
  return CheckEncapsulationKey(encapsulation_key);
}

absl::Status MlKem768EncapsDeterministic(
    std::span<uint8_t, kMlKem768CiphertextBytes> out_ciphertext,
    std::span<uint8_t, kMlKem768SharedSecretBytes> out_shared_secret,
    std::span<const uint8_t> encapsulation_key,
    std::span<const uint8_t, kMlKem768EncapsRandomBytes> m) {
  if (absl::Status status = CheckEncapsulationKey(encapsulation_key); !status.ok()) {
    return status;
  }
  mlkem::EncapsInternal<kRank>(out_ciphertext, out_shared_secret,
                               std::span<const uint8_t, kMlKem768EncapsulationKeyBytes>(
                                   encapsulation_key.data(), encapsulation_key.size()),
                               m);
  return absl::OkStatus();
}

absl::Status MlKem768Encaps(std::span<uint8_t, kMlKem768CiphertextBytes> out_ciphertext,
                            std::span<uint8_t, kMlKem768SharedSecretBytes> out_shared_secret,
                            std::span<const uint8_t> encapsulation_key) {
  std::array<uint8_t, kMlKem768EncapsRandomBytes> m;
  mlkem::WipeOnExit wipe(m);
  base::FillRandom(m);
  return MlKem768EncapsDeterministic(out_ciphertext, out_shared_secret, encapsulation_key, m);
}

absl::Status MlKem768Decaps(std::span<uint8_t, kMlKem768SharedSecretBytes> out_shared_secret,
                            const MlKem768DecapsulationKey& decapsulation_key,
                            std::span<const uint8_t> ciphertext) {
  if (decapsulation_key.empty()) {
    return InvalidInput("ML-KEM-768 decapsulation key is empty");
  }
  if (ciphertext.size() != kMlKem768CiphertextBytes) {
    return InvalidInput("ML-KEM-768 ciphertext has the wrong length");
  }
  mlkem::DecapsInternal<kRank>(
      out_shared_secret,
      std::span<const uint8_t, kMlKem768DecapsulationKeyBytes>(decapsulation_key.bytes().data(),
                                                               kMlKem768DecapsulationKeyBytes),
      std::span<const uint8_t, kMlKem768CiphertextBytes>(ciphertext.data(), ciphertext.size()));
  return absl::OkStatus();
}

}  // namespace cam::crypto
