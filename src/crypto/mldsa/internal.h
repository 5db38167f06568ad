// File: crypto/mldsa/internal.h
// The ML-DSA algorithms of FIPS 204, templated on the parameter set (Params<K, L>): ring
// arithmetic and the NTT, sampling, rounding, encodings, and the internal KeyGen / Sign /
// Verify. Only ML-DSA-65 ships (mldsa65.h); the other sets are here so the static_asserts pin
// the formulas to the whole FIPS 204 table. Not a public interface: include mldsa65.h.
//
// Constant time: everything derived from the secret key is handled with masks and without
// secret-dependent indices. The signing loop branches only on its accept/reject decision,
// which FIPS 204 treats as public (a rejected attempt reveals nothing of the accepted one),
// and RejBoundedPoly's position only advances with nibbles rejected independently of the
// coefficients kept. Functions named _vartime handle public data only. Every secret-derived
// value that becomes public is passed through ct::Declassify / ct::DeclassifyBytes (crypto/ct.h):
// rho (in the public key), the rejection decisions and RejBoundedPoly's accept bits, the
// challenge c_tilde, the hint of the accepted attempt and the skDecode validity bit (reported as
// an error). tests/ct checks under Valgrind that nothing else steers a branch or an index.
//
// Ntt, InvNttToMont, PointwiseMontgomery and RowTimesVector run the AVX2 versions of
// ntt_avx2.h when crypto/sha3/cpu_dispatch.h's UseAvx2() says so; the results are identical.
#ifndef CAM_CRYPTO_MLDSA_INTERNAL_H_
#define CAM_CRYPTO_MLDSA_INTERNAL_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "base/secure_buffer.h"
#include "crypto/ct.h"
#include "crypto/mldsa/ntt_avx2.h"
#include "crypto/sha3/cpu_dispatch.h"
#include "crypto/sha3/keccak.h"

namespace cam::crypto::mldsa_internal {

inline constexpr int32_t kQ = 8380417;
inline constexpr int kN = 256;
inline constexpr int kD = 13;               // Bits dropped from t (FIPS 204, Table 1).
inline constexpr int32_t kQInv = 58728449;  // q^-1 mod 2^32, for Montgomery reduction.
static_assert(static_cast<uint32_t>(kQ) * static_cast<uint32_t>(kQInv) == 1u);

using Poly = std::array<int32_t, kN>;
template <int N>
using PolyVec = std::array<Poly, N>;

constexpr int BitLength(uint32_t x) {
  int n = 0;
  for (; x != 0; x >>= 1) ++n;
  return n;
}

// FIPS 204, Table 1, by (k, l): (4, 4) ML-DSA-44, (6, 5) ML-DSA-65, (8, 7) ML-DSA-87.
constexpr int Tau(int k) { return k == 4 ? 39 : k == 6 ? 49 : 60; }
constexpr int Lambda(int k) { return k == 4 ? 128 : k == 6 ? 192 : 256; }
constexpr int32_t Gamma1(int k) { return k == 4 ? (1 << 17) : (1 << 19); }
constexpr int32_t Gamma2(int k) { return k == 4 ? (kQ - 1) / 88 : (kQ - 1) / 32; }
constexpr int Eta(int k) { return k == 6 ? 4 : 2; }
constexpr int Omega(int k) { return k == 4 ? 80 : k == 6 ? 55 : 75; }

template <int K, int L>
struct Params {
  static_assert((K == 4 && L == 4) || (K == 6 && L == 5) || (K == 8 && L == 7),
                "not a FIPS 204 parameter set");
  static constexpr int kK = K;
  static constexpr int kL = L;
  static constexpr int kTau = Tau(K);
  static constexpr int kLambda = Lambda(K);
  static constexpr int32_t kGamma1 = Gamma1(K);
  static constexpr int32_t kGamma2 = Gamma2(K);
  static constexpr int kEta = Eta(K);
  static constexpr int32_t kBeta = kTau * kEta;
  static constexpr int kOmega = Omega(K);

  static constexpr size_t kCTildeBytes = kLambda / 4;
  static constexpr int kT1Bits = BitLength(kQ - 1) - kD;             // 10
  static constexpr int kEtaBits = BitLength(2 * kEta);               // 3 or 4
  static constexpr int kZBits = 1 + BitLength(kGamma1 - 1);          // 18 or 20
  static constexpr int32_t kHintModulus = (kQ - 1) / (2 * kGamma2);  // m in UseHint: 44 or 16
  static constexpr int kW1Bits = BitLength(kHintModulus - 1);        // 6 or 4

  static constexpr size_t kT1PolyBytes = 32 * kT1Bits;
  static constexpr size_t kEtaPolyBytes = 32 * kEtaBits;
  static constexpr size_t kT0PolyBytes = 32 * kD;
  static constexpr size_t kZPolyBytes = 32 * kZBits;
  static constexpr size_t kW1PolyBytes = 32 * kW1Bits;

  static constexpr size_t kPublicKeyBytes = 32 + K * kT1PolyBytes;
  static constexpr size_t kSecretKeyBytes =
      32 + 32 + 64 + (K + L) * kEtaPolyBytes + K * kT0PolyBytes;
  static constexpr size_t kSignatureBytes = kCTildeBytes + L * kZPolyBytes + kOmega + K;
};

// Sizes from FIPS 204, Table 2.
static_assert(Params<4, 4>::kPublicKeyBytes == 1312 && Params<4, 4>::kSecretKeyBytes == 2560 &&
              Params<4, 4>::kSignatureBytes == 2420);
static_assert(Params<6, 5>::kPublicKeyBytes == 1952 && Params<6, 5>::kSecretKeyBytes == 4032 &&
              Params<6, 5>::kSignatureBytes == 3309);
static_assert(Params<8, 7>::kPublicKeyBytes == 2592 && Params<8, 7>::kSecretKeyBytes == 4896 &&
              Params<8, 7>::kSignatureBytes == 4627);
static_assert(Params<6, 5>::kBeta == 196 && Params<4, 4>::kBeta == 78 &&
              Params<8, 7>::kBeta == 120);

// ---------------------------------------------------------------------------------------------
// Arithmetic modulo q.

// MontgomeryReduce returns a * 2^-32 mod q in (-q, q) for |a| < 2^31 * q; no branches.
constexpr int32_t MontgomeryReduce(int64_t a) {
  const int32_t t = static_cast<int32_t>(static_cast<uint32_t>(a) * static_cast<uint32_t>(kQInv));
  return static_cast<int32_t>((a - static_cast<int64_t>(t) * kQ) >> 32);
}

// Reduce32 returns r = a mod q with |r| <= 6291200 < q, for a <= 2^31 - 2^22 - 1.
constexpr int32_t Reduce32(int32_t a) {
  const int32_t t = (a + (1 << 22)) >> 23;
  return a - t * kQ;
}

// CAddQ maps (-q, q) to [0, q).
constexpr int32_t CAddQ(int32_t a) { return a + ((a >> 31) & kQ); }

// Freeze returns the representative in [0, q).
constexpr int32_t Freeze(int32_t a) { return CAddQ(Reduce32(a)); }

// Centered maps [0, q) to (-(q-1)/2, (q-1)/2], the "mod+-" representative.
constexpr int32_t Centered(int32_t a) { return a - ((((kQ - 1) / 2) - a) >> 31 & kQ); }

constexpr uint32_t PowModQ(uint64_t base, uint64_t exp) {
  uint64_t result = 1;
  base %= kQ;
  for (; exp != 0; exp >>= 1) {
    if (exp & 1) result = result * base % kQ;
    base = base * base % kQ;
  }
  return static_cast<uint32_t>(result);
}

// zetas[i] = 1753^BitRev8(i) * 2^32 mod q, centered: the twiddles of the NTT in Montgomery form
// (FIPS 204, Appendix B, multiplied by 2^32 so one Montgomery reduction per product suffices).
constexpr std::array<int32_t, kN> MakeZetas() {
  std::array<int32_t, kN> zetas{};
  for (int i = 0; i < kN; ++i) {
    int rev = 0;
    for (int b = 0; b < 8; ++b) rev |= ((i >> b) & 1) << (7 - b);
    const uint64_t z = PowModQ(1753, static_cast<uint64_t>(rev));
    const int32_t mont = static_cast<int32_t>((z << 32) % kQ);
    zetas[i] = mont > kQ / 2 ? mont - kQ : mont;
  }
  return zetas;
}
inline constexpr std::array<int32_t, kN> kZetas = MakeZetas();
static_assert(PowModQ(1753, 256) == kQ - 1, "1753 is a primitive 512th root of unity");

// 2^64 / 256 mod q: undoes the 1/256 of the inverse transform and restores Montgomery form.
inline constexpr int32_t kInvNttScale = static_cast<int32_t>(
    static_cast<uint64_t>(PowModQ(PowModQ(2, 32), 2)) * PowModQ(256, kQ - 2) % kQ);

// FIPS 204, Algorithm 41 (NTT). In place, on coefficients with |a| < q; outputs |a| < 9q.
// NttPortable and InvNttToMontPortable are the reference loops; Ntt and InvNttToMont run the
// AVX2 versions (ntt_avx2.h, identical output) when UseAvx2() says so.
inline void NttPortable(Poly& a) {
  int k = 0;
  for (int len = 128; len > 0; len >>= 1) {
    for (int start = 0; start < kN; start += 2 * len) {
      const int64_t zeta = kZetas[++k];
      for (int j = start; j < start + len; ++j) {
        const int32_t t = MontgomeryReduce(zeta * a[j + len]);
        a[j + len] = a[j] - t;
        a[j] = a[j] + t;
      }
    }
  }
}

// FIPS 204, Algorithm 42 (NTT^-1), times 2^32 (so a product of two NTT-domain values, which
// carries 2^-32 from MontgomeryReduce, comes out exact). Input |a| < q; output |a| < q.
inline void InvNttToMontPortable(Poly& a) {
  int k = kN;
  for (int len = 1; len < kN; len <<= 1) {
    for (int start = 0; start < kN; start += 2 * len) {
      const int64_t zeta = -kZetas[--k];
      for (int j = start; j < start + len; ++j) {
        const int32_t t = a[j];
        a[j] = t + a[j + len];
        a[j + len] = MontgomeryReduce(zeta * (t - a[j + len]));
      }
    }
  }
  for (int32_t& c : a) c = MontgomeryReduce(static_cast<int64_t>(kInvNttScale) * c);
}

inline void Ntt(Poly& a) {
  if (UseAvx2()) {
    NttAvx2(a.data());
  } else {
    NttPortable(a);
  }
}

inline void InvNttToMont(Poly& a) {
  if (UseAvx2()) {
    InvNttToMontAvx2(a.data());
  } else {
    InvNttToMontPortable(a);
  }
}

// FIPS 204, Algorithm 45 (MultiplyNTT), with Montgomery reduction: out = a * b * 2^-32.
inline void PointwiseMontgomery(Poly& out, const Poly& a, const Poly& b) {
  if (UseAvx2()) {
    PointwiseMontgomeryAvx2(out.data(), a.data(), b.data());
    return;
  }
  for (int i = 0; i < kN; ++i) out[i] = MontgomeryReduce(static_cast<int64_t>(a[i]) * b[i]);
}

// out = sum_j row[j] * x[j] * 2^-32, reduced once (|row| < q, |x| < 9q keeps the sum in range).
template <int L>
inline void RowTimesVector(Poly& out, const PolyVec<L>& row, const PolyVec<L>& x) {
  static_assert(sizeof(PolyVec<L>) == sizeof(int32_t) * kN * L, "rows must be contiguous");
  if (UseAvx2()) {
    RowTimesVectorAvx2(out.data(), row[0].data(), x[0].data(), L);
    return;
  }
  for (int i = 0; i < kN; ++i) {
    int64_t acc = 0;
    for (int j = 0; j < L; ++j) acc += static_cast<int64_t>(row[j][i]) * x[j][i];
    out[i] = MontgomeryReduce(acc);
  }
}

inline void ReducePoly(Poly& a) {
  for (int32_t& c : a) c = Reduce32(c);
}
inline void FreezePoly(Poly& a) {
  for (int32_t& c : a) c = Freeze(c);
}

// NormAtLeastMask returns 1 if some centered coefficient has |a_i| >= bound, else 0, reading
// every coefficient (FIPS 204's ||.||_inf checks, without a branch per coefficient).
inline uint32_t NormAtLeast(const Poly& a, int32_t bound) {
  uint32_t flag = 0;
  for (const int32_t c : a) {
    const int32_t sign = c >> 31;
    const int32_t abs = (c ^ sign) - sign;
    flag |= static_cast<uint32_t>(bound - 1 - abs) >> 31;
  }
  return flag;
}

// ---------------------------------------------------------------------------------------------
// Rounding (FIPS 204, Section 7.4).

struct Split {
  int32_t high;
  int32_t low;
};

// FIPS 204, Algorithm 35 (Power2Round). r in [0, q); low in (-2^12, 2^12].
constexpr Split Power2Round(int32_t r) {
  const int32_t high = (r + (1 << (kD - 1)) - 1) >> kD;
  return {high, r - (high << kD)};
}

// FIPS 204, Algorithm 36 (Decompose). r in [0, q); low in (-gamma2, gamma2] except for the top
// interval, which wraps to high = 0 with low - 1. Division by the constant compiles to a
// multiplication, so the time does not depend on r.
template <int32_t kGamma2>
inline Split Decompose(int32_t r) {
  constexpr int32_t kAlpha = 2 * kGamma2;
  constexpr uint32_t kTop = (kQ - 1) / kAlpha;
  const uint32_t high = (static_cast<uint32_t>(r) + kGamma2 - 1) / kAlpha;
  const int32_t low = r - static_cast<int32_t>(high) * kAlpha;
  // r - low == q - 1 exactly when high == kTop (Algorithm 36, line 4).
  const uint32_t wrap = ct::EqMask32(high, kTop);
  return {static_cast<int32_t>(high & ~wrap), low - static_cast<int32_t>(wrap & 1)};
}

// FIPS 204, Algorithm 37 (HighBits).
template <int32_t kGamma2>
inline int32_t HighBits(int32_t r) {
  return Decompose<kGamma2>(r).high;
}

// FIPS 204, Algorithm 38 (LowBits).
template <int32_t kGamma2>
inline int32_t LowBits(int32_t r) {
  return Decompose<kGamma2>(r).low;
}

// FIPS 204, Algorithm 39 (MakeHint): 1 if adding z to r changes the high bits. r, r + z given
// in [0, q) as `r` and `r_plus_z`.
template <int32_t kGamma2>
inline int32_t MakeHint(int32_t r, int32_t r_plus_z) {
  const uint32_t same = ct::EqMask32(static_cast<uint32_t>(HighBits<kGamma2>(r)),
                                     static_cast<uint32_t>(HighBits<kGamma2>(r_plus_z)));
  return static_cast<int32_t>(~same & 1);
}

// FIPS 204, Algorithm 40 (UseHint). Verification only: h and r are public.
template <int32_t kGamma2>
inline int32_t UseHint_vartime(int32_t h, int32_t r) {
  constexpr int32_t m = (kQ - 1) / (2 * kGamma2);
  const Split s = Decompose<kGamma2>(r);
  if (h == 0) return s.high;
  return s.low > 0 ? (s.high + 1) % m : (s.high - 1 + m) % m;
}

// ---------------------------------------------------------------------------------------------
// Bit packing (FIPS 204, Algorithms 16-19), for any width: the position pattern depends only
// on the width, never on the values.

// Packs value_of(a[i]) (each < 2^kBits) into 32 * kBits bytes.
template <int kBits, typename F>
inline void PackPoly(uint8_t* out, const Poly& a, F value_of) {
  uint64_t acc = 0;
  int bits = 0;
  for (int i = 0; i < kN; ++i) {
    acc |= static_cast<uint64_t>(static_cast<uint32_t>(value_of(a[i]))) << bits;
    bits += kBits;
    while (bits >= 8) {
      *out++ = static_cast<uint8_t>(acc);
      acc >>= 8;
      bits -= 8;
    }
  }
}

// Unpacks 32 * kBits bytes into a[i] = coefficient_of(kBits-bit value).
template <int kBits, typename F>
inline void UnpackPoly(Poly& a, const uint8_t* in, F coefficient_of) {
  uint64_t acc = 0;
  int bits = 0;
  for (int i = 0; i < kN; ++i) {
    while (bits < kBits) {
      acc |= static_cast<uint64_t>(*in++) << bits;
      bits += 8;
    }
    a[i] = coefficient_of(static_cast<uint32_t>(acc & ((uint64_t{1} << kBits) - 1)));
    acc >>= kBits;
    bits -= kBits;
  }
}

// ---------------------------------------------------------------------------------------------
// Sampling (FIPS 204, Section 7.3).

// FIPS 204, Algorithm 30 (RejNTTPoly): a uniform polynomial in the NTT domain from a 34-byte
// seed rho || s || r. Public (A is derived from rho).
inline void RejNttPoly_vartime(Poly& a, std::span<const uint8_t, 34> seed);

// RejNttParse_vartime appends the candidates of `bytes` below q to a[j..] (FIPS 204,
// Algorithm 14, CoeffFromThreeBytes) and returns the new count.
inline int RejNttParse_vartime(Poly& a, int j, std::span<const uint8_t> bytes) {
  for (size_t i = 0; i + 3 <= bytes.size() && j < kN; i += 3) {
    const int32_t v = bytes[i] | (bytes[i + 1] << 8) | ((bytes[i + 2] & 0x7F) << 16);
    if (v < kQ) a[j++] = v;
  }
  return j;
}

inline void RejNttPoly_vartime(Poly& a, std::span<const uint8_t, 34> seed) {
  Shake128 xof;
  xof.Absorb(seed);
  std::array<uint8_t, Shake128::kRate> block;  // 168 bytes = 56 candidates.
  int j = 0;
  while (j < kN) {
    xof.Squeeze(block);
    j = RejNttParse_vartime(a, j, block);
  }
}

// RejNttPolyBatch_vartime runs RejNTTPoly on `count` (2 to 4) seeds with one four-way SHAKE128.
// Unused slots repeat seed 0 and are discarded.
inline void RejNttPolyBatch_vartime(const std::array<Poly*, 4>& out, int count,
                                    std::array<std::array<uint8_t, 34>, 4>& seeds) {
  for (int i = count; i < 4; ++i) seeds[i] = seeds[0];
  Shake128x4 xof;
  xof.AbsorbOnce({seeds[0], seeds[1], seeds[2], seeds[3]});
  // Five blocks (280 candidates) nearly always give 256 coefficients.
  std::array<std::array<uint8_t, 5 * Shake128x4::kRate>, 4> buf;
  xof.SqueezeBlocks({buf[0], buf[1], buf[2], buf[3]});
  Poly scratch;
  std::array<int, 4> filled{};
  for (int i = 0; i < 4; ++i)
    filled[i] = RejNttParse_vartime(i < count ? *out[i] : scratch, 0, buf[i]);
  while (*std::min_element(filled.begin(), filled.begin() + count) < kN) {
    const auto block = [&buf](int i) {
      return std::span<uint8_t>(buf[i].data(), Shake128x4::kRate);
    };
    xof.SqueezeBlocks({block(0), block(1), block(2), block(3)});
    for (int i = 0; i < count; ++i) filled[i] = RejNttParse_vartime(*out[i], filled[i], block(i));
  }
}

// FIPS 204, Algorithm 31 (RejBoundedPoly): coefficients in [-eta, eta] from a 66-byte seed.
// Secret. Each nibble is mapped with arithmetic (Algorithm 15, CoeffFromHalfByte), written
// unconditionally, and kept by advancing j with the accept bit.
template <int kEta>
inline int RejBoundedParse(Poly& a, int j, std::span<const uint8_t> bytes) {
  static_assert(kEta == 2 || kEta == 4);
  for (size_t i = 0; i < bytes.size() && j < kN; ++i) {
    const uint32_t nibbles[2] = {static_cast<uint32_t>(bytes[i] & 0x0F),
                                 static_cast<uint32_t>(bytes[i] >> 4)};
    for (const uint32_t z : nibbles) {
      if (j == kN) break;
      uint32_t accept;
      int32_t value;
      if constexpr (kEta == 2) {
        accept = ct::LtMask32(z, 15) & 1;
        value = 2 - static_cast<int32_t>(z - 5 * ((z * 205) >> 10));  // 2 - (z mod 5)
      } else {
        accept = ct::LtMask32(z, 9) & 1;
        value = 4 - static_cast<int32_t>(z);
      }
      a[j] = value;
      // Which nibbles are rejected is independent of the values kept (each accepted nibble is
      // uniform over the accepted range), so the position may be public.
      j += static_cast<int>(ct::Declassify(accept));
    }
  }
  return j;
}

template <int kEta>
inline void RejBoundedPoly(Poly& a, std::span<const uint8_t, 66> seed) {
  Shake256 xof;
  xof.Absorb(seed);
  std::array<uint8_t, Shake256::kRate> block;
  int j = 0;
  while (j < kN) {
    xof.Squeeze(block);
    j = RejBoundedParse<kEta>(a, j, block);
  }
  base::SecureZero(block);
}

// RejBoundedPolyBatch runs RejBoundedPoly on `count` (2 to 4) seeds with one four-way SHAKE256.
template <int kEta>
inline void RejBoundedPolyBatch(const std::array<Poly*, 4>& out, int count,
                                std::array<std::array<uint8_t, 66>, 4>& seeds) {
  for (int i = count; i < 4; ++i) seeds[i] = seeds[0];
  Shake256x4 xof;
  xof.AbsorbOnce({seeds[0], seeds[1], seeds[2], seeds[3]});
  // Two blocks (544 nibbles) nearly always give 256 coefficients for eta = 4, one for eta = 2.
  constexpr size_t kBlocks = kEta == 2 ? 1 : 2;
  std::array<std::array<uint8_t, kBlocks * Shake256x4::kRate>, 4> buf;
  xof.SqueezeBlocks({buf[0], buf[1], buf[2], buf[3]});
  Poly scratch;
  std::array<int, 4> filled{};
  for (int i = 0; i < 4; ++i)
    filled[i] = RejBoundedParse<kEta>(i < count ? *out[i] : scratch, 0, buf[i]);
  while (*std::min_element(filled.begin(), filled.begin() + count) < kN) {
    const auto block = [&buf](int i) {
      return std::span<uint8_t>(buf[i].data(), Shake256x4::kRate);
    };
    xof.SqueezeBlocks({block(0), block(1), block(2), block(3)});
    for (int i = 0; i < count; ++i) filled[i] = RejBoundedParse<kEta>(*out[i], filled[i], block(i));
  }
  base::SecureZero(std::span<uint8_t>(reinterpret_cast<uint8_t*>(buf.data()), sizeof(buf)));
  base::SecureZero(std::span<uint8_t>(reinterpret_cast<uint8_t*>(scratch.data()), sizeof(scratch)));
}

// FIPS 204, Algorithm 29 (SampleInBall): c with tau coefficients +-1 from c_tilde. Variable
// time in the rejection of j, which depends only on c_tilde.
template <int kTau>
inline void SampleInBall_vartime(Poly& c, std::span<const uint8_t> c_tilde) {
  Shake256 xof;
  xof.Absorb(c_tilde);
  std::array<uint8_t, Shake256::kRate> block;
  xof.Squeeze(block);
  uint64_t signs = 0;
  for (int i = 0; i < 8; ++i) signs |= static_cast<uint64_t>(block[i]) << (8 * i);
  size_t pos = 8;
  c.fill(0);
  for (int i = kN - kTau; i < kN; ++i) {
    int j;
    do {
      if (pos == block.size()) {
        xof.Squeeze(block);
        pos = 0;
      }
      j = block[pos++];
    } while (j > i);
    c[i] = c[j];
    c[j] = 1 - 2 * static_cast<int32_t>(signs & 1);
    signs >>= 1;
  }
}

// FIPS 204, Algorithm 32 (ExpandA): A_hat[r][s] = RejNTTPoly(rho || s || r), four entries at a
// time.
template <int K, int L>
inline void ExpandA_vartime(std::array<PolyVec<L>, K>& a, std::span<const uint8_t, 32> rho) {
  std::array<std::array<uint8_t, 34>, 4> seeds;
  std::array<Poly*, 4> out{};
  int count = 0;
  const auto flush = [&] {
    if (count == 1) {
      RejNttPoly_vartime(*out[0], seeds[0]);
    } else if (count > 1) {
      RejNttPolyBatch_vartime(out, count, seeds);
    }
    count = 0;
  };
  for (int r = 0; r < K; ++r) {
    for (int s = 0; s < L; ++s) {
      std::copy(rho.begin(), rho.end(), seeds[count].begin());
      seeds[count][32] = static_cast<uint8_t>(s);
      seeds[count][33] = static_cast<uint8_t>(r);
      out[count++] = &a[r][s];
      if (count == 4) flush();
    }
  }
  flush();
}

// FIPS 204, Algorithm 33 (ExpandS): s1[r] from rho' || r, s2[r] from rho' || (r + l), with r as
// two little-endian bytes, four polynomials at a time.
template <typename P>
inline void ExpandS(PolyVec<P::kL>& s1, PolyVec<P::kK>& s2,
                    std::span<const uint8_t, 64> rho_prime) {
  std::array<std::array<uint8_t, 66>, 4> seeds;
  std::array<Poly*, 4> out{};
  int count = 0;
  const auto flush = [&] {
    if (count == 1) {
      RejBoundedPoly<P::kEta>(*out[0], seeds[0]);
    } else if (count > 1) {
      RejBoundedPolyBatch<P::kEta>(out, count, seeds);
    }
    count = 0;
  };
  for (int r = 0; r < P::kL + P::kK; ++r) {
    std::copy(rho_prime.begin(), rho_prime.end(), seeds[count].begin());
    seeds[count][64] = static_cast<uint8_t>(r);
    seeds[count][65] = static_cast<uint8_t>(r >> 8);
    out[count++] = r < P::kL ? &s1[r] : &s2[r - P::kL];
    if (count == 4) flush();
  }
  flush();
  base::SecureZero(std::span<uint8_t>(reinterpret_cast<uint8_t*>(seeds.data()), sizeof(seeds)));
}

// FIPS 204, Algorithm 34 (ExpandMask): y[r] = BitUnpack(H(rho'' || kappa + r, 32c), gamma1 - 1,
// gamma1), four polynomials at a time.
template <typename P>
inline void ExpandMask(PolyVec<P::kL>& y, std::span<const uint8_t, 64> rho_pp, uint32_t kappa) {
  constexpr size_t kBlocks = (P::kZPolyBytes + Shake256x4::kRate - 1) / Shake256x4::kRate;
  std::array<std::array<uint8_t, 66>, 4> seeds;
  std::array<std::array<uint8_t, kBlocks * Shake256x4::kRate>, 4> buf;
  const auto unpack = [](Poly& out, const uint8_t* bytes) {
    UnpackPoly<P::kZBits>(out, bytes,
                          [](uint32_t v) { return P::kGamma1 - static_cast<int32_t>(v); });
  };
  for (int r0 = 0; r0 < P::kL; r0 += 4) {
    const int count = std::min(4, P::kL - r0);
    for (int i = 0; i < 4; ++i) {
      const uint32_t n = kappa + static_cast<uint32_t>(r0 + (i < count ? i : 0));
      std::copy(rho_pp.begin(), rho_pp.end(), seeds[i].begin());
      seeds[i][64] = static_cast<uint8_t>(n);
      seeds[i][65] = static_cast<uint8_t>(n >> 8);
    }
    if (count == 1) {
      Shake256 xof;
      xof.Absorb(seeds[0]);
      xof.Squeeze(std::span<uint8_t>(buf[0].data(), P::kZPolyBytes));
      unpack(y[r0], buf[0].data());
    } else {
      Shake256x4 xof;
      xof.AbsorbOnce({seeds[0], seeds[1], seeds[2], seeds[3]});
      xof.SqueezeBlocks({buf[0], buf[1], buf[2], buf[3]});
      for (int i = 0; i < count; ++i) unpack(y[r0 + i], buf[i].data());
    }
  }
  base::SecureZero(std::span<uint8_t>(reinterpret_cast<uint8_t*>(seeds.data()), sizeof(seeds)));
  base::SecureZero(std::span<uint8_t>(reinterpret_cast<uint8_t*>(buf.data()), sizeof(buf)));
}

// ---------------------------------------------------------------------------------------------
// Encodings (FIPS 204, Section 7.2).

// FIPS 204, Algorithm 22 (pkEncode).
template <typename P>
inline void PkEncode(std::span<uint8_t, P::kPublicKeyBytes> out, std::span<const uint8_t, 32> rho,
                     const PolyVec<P::kK>& t1) {
  std::copy(rho.begin(), rho.end(), out.begin());
  for (int i = 0; i < P::kK; ++i) {
    PackPoly<P::kT1Bits>(out.data() + 32 + i * P::kT1PolyBytes, t1[i], [](int32_t c) { return c; });
  }
}

// FIPS 204, Algorithm 23 (pkDecode). Every bit string decodes.
template <typename P>
inline void PkDecode(std::span<uint8_t, 32> rho, PolyVec<P::kK>& t1,
                     std::span<const uint8_t, P::kPublicKeyBytes> pk) {
  std::copy(pk.begin(), pk.begin() + 32, rho.begin());
  for (int i = 0; i < P::kK; ++i) {
    UnpackPoly<P::kT1Bits>(t1[i], pk.data() + 32 + i * P::kT1PolyBytes,
                           [](uint32_t v) { return static_cast<int32_t>(v); });
  }
}

// The decoded secret key, plus the NTT forms signing needs.
template <typename P>
struct SecretKey {
  std::array<uint8_t, 32> rho;
  std::array<uint8_t, 32> key;
  std::array<uint8_t, 64> tr;
  PolyVec<P::kL> s1;
  PolyVec<P::kK> s2;
  PolyVec<P::kK> t0;
};

// FIPS 204, Algorithm 24 (skEncode).
template <typename P>
inline void SkEncode(std::span<uint8_t, P::kSecretKeyBytes> out, const SecretKey<P>& sk) {
  uint8_t* p = out.data();
  p = std::copy(sk.rho.begin(), sk.rho.end(), p);
  p = std::copy(sk.key.begin(), sk.key.end(), p);
  p = std::copy(sk.tr.begin(), sk.tr.end(), p);
  const auto eta_value = [](int32_t c) { return P::kEta - c; };
  for (const Poly& s : sk.s1) {
    PackPoly<P::kEtaBits>(p, s, eta_value);
    p += P::kEtaPolyBytes;
  }
  for (const Poly& s : sk.s2) {
    PackPoly<P::kEtaBits>(p, s, eta_value);
    p += P::kEtaPolyBytes;
  }
  for (const Poly& t : sk.t0) {
    PackPoly<kD>(p, t, [](int32_t c) { return (1 << (kD - 1)) - c; });
    p += P::kT0PolyBytes;
  }
}

// FIPS 204, Algorithm 25 (skDecode), rejecting s1 or s2 coefficients outside [-eta, eta] (an
// encoding skEncode never produces). Returns false for such a key, after decoding all of it
// so the time does not depend on where the bad coefficient is.
template <typename P>
[[nodiscard]] inline bool SkDecode(SecretKey<P>& sk,
                                   std::span<const uint8_t, P::kSecretKeyBytes> in) {
  const uint8_t* p = in.data();
  std::copy(p, p + 32, sk.rho.begin());
  std::copy(p + 32, p + 64, sk.key.begin());
  std::copy(p + 64, p + 128, sk.tr.begin());
  p += 128;
  uint32_t bad = 0;
  const auto eta_coefficient = [&bad](uint32_t v) {
    bad |= ct::LtMask32(2 * P::kEta, v);
    return P::kEta - static_cast<int32_t>(v);
  };
  for (Poly& s : sk.s1) {
    UnpackPoly<P::kEtaBits>(s, p, eta_coefficient);
    p += P::kEtaPolyBytes;
  }
  for (Poly& s : sk.s2) {
    UnpackPoly<P::kEtaBits>(s, p, eta_coefficient);
    p += P::kEtaPolyBytes;
  }
  for (Poly& t : sk.t0) {
    UnpackPoly<kD>(t, p, [](uint32_t v) { return (1 << (kD - 1)) - static_cast<int32_t>(v); });
    p += P::kT0PolyBytes;
  }
  // Whether the key is well-formed is reported to the caller as an error status, so it is public.
  return ct::Declassify(bad) == 0;
}

// FIPS 204, Algorithm 28 (w1Encode).
template <typename P>
inline void W1Encode(std::span<uint8_t, P::kK * P::kW1PolyBytes> out, const PolyVec<P::kK>& w1) {
  for (int i = 0; i < P::kK; ++i) {
    PackPoly<P::kW1Bits>(out.data() + i * P::kW1PolyBytes, w1[i], [](int32_t c) { return c; });
  }
}

// FIPS 204, Algorithm 20 (HintBitPack). h is 0/1 with at most omega ones (checked by Sign);
// it branches on h, which only an accepted signature reaches and then publishes.
template <typename P>
inline void HintBitPack_vartime(uint8_t* out, const PolyVec<P::kK>& h) {
  std::fill(out, out + P::kOmega + P::kK, 0);
  int index = 0;
  for (int i = 0; i < P::kK; ++i) {
    for (int j = 0; j < kN; ++j) {
      if (h[i][j] != 0) out[index++] = static_cast<uint8_t>(j);
    }
    out[P::kOmega + i] = static_cast<uint8_t>(index);
  }
}

// FIPS 204, Algorithm 21 (HintBitUnpack), with all its malformed-input checks: limits must not
// decrease or exceed omega, indices within a polynomial must strictly increase, and unused
// index bytes must be zero. Public data.
template <typename P>
[[nodiscard]] inline bool HintBitUnpack_vartime(PolyVec<P::kK>& h, const uint8_t* in) {
  for (Poly& p : h) p.fill(0);
  int index = 0;
  for (int i = 0; i < P::kK; ++i) {
    const int limit = in[P::kOmega + i];
    if (limit < index || limit > P::kOmega) return false;
    const int first = index;
    for (; index < limit; ++index) {
      if (index > first && in[index - 1] >= in[index]) return false;
      h[i][in[index]] = 1;
    }
  }
  for (int i = index; i < P::kOmega; ++i) {
    if (in[i] != 0) return false;
  }
  return true;
}

// FIPS 204, Algorithm 26 (sigEncode). z is centered with |z_i| < gamma1 - beta.
template <typename P>
inline void SigEncode(std::span<uint8_t, P::kSignatureBytes> out,
                      std::span<const uint8_t, P::kCTildeBytes> c_tilde, const PolyVec<P::kL>& z,
                      const PolyVec<P::kK>& h) {
  uint8_t* p = std::copy(c_tilde.begin(), c_tilde.end(), out.data());
  for (const Poly& zi : z) {
    PackPoly<P::kZBits>(p, zi, [](int32_t c) { return P::kGamma1 - c; });
    p += P::kZPolyBytes;
  }
  HintBitPack_vartime<P>(p, h);
}

// FIPS 204, Algorithm 27 (sigDecode). Returns false on a malformed hint encoding.
template <typename P>
[[nodiscard]] inline bool SigDecode_vartime(std::span<uint8_t, P::kCTildeBytes> c_tilde,
                                            PolyVec<P::kL>& z, PolyVec<P::kK>& h,
                                            std::span<const uint8_t, P::kSignatureBytes> in) {
  const uint8_t* p = in.data();
  std::copy(p, p + P::kCTildeBytes, c_tilde.begin());
  p += P::kCTildeBytes;
  for (Poly& zi : z) {
    UnpackPoly<P::kZBits>(zi, p, [](uint32_t v) { return P::kGamma1 - static_cast<int32_t>(v); });
    p += P::kZPolyBytes;
  }
  return HintBitUnpack_vartime<P>(h, p);
}

// ---------------------------------------------------------------------------------------------
// The internal algorithms.

// Heap storage for a large working set, wiped before it is freed (the signing state is ~50 KiB,
// too much for small thread stacks, and most of it is secret).
template <typename T>
class WipedBox {
 public:
  WipedBox() : value_(new T) {}
  ~WipedBox() {
    base::SecureZero(std::span<uint8_t>(reinterpret_cast<uint8_t*>(value_.get()), sizeof(T)));
  }
  WipedBox(const WipedBox&) = delete;
  WipedBox& operator=(const WipedBox&) = delete;
  T* operator->() { return value_.get(); }
  T& operator*() { return *value_; }

 private:
  std::unique_ptr<T> value_;
};

// FIPS 204, Algorithm 6 (ML-DSA.KeyGen_internal).
template <typename P>
inline void KeyGenInternal(std::span<uint8_t, P::kPublicKeyBytes> out_pk,
                           std::span<uint8_t, P::kSecretKeyBytes> out_sk,
                           std::span<const uint8_t, 32> xi) {
  struct State {
    SecretKey<P> sk;
    std::array<uint8_t, 128> expanded;  // rho || rho' || K
    PolyVec<P::kL> s1_hat;
    std::array<PolyVec<P::kL>, P::kK> a_hat;
    PolyVec<P::kK> t1;
    Poly t;
  };
  WipedBox<State> st;
  {
    Shake256 h;
    h.Absorb(xi);
    const uint8_t kl[2] = {static_cast<uint8_t>(P::kK), static_cast<uint8_t>(P::kL)};
    h.Absorb(kl);
    h.Squeeze(st->expanded);
  }
  const auto expanded = std::span<const uint8_t, 128>(st->expanded);
  std::copy(expanded.begin(), expanded.begin() + 32, st->sk.rho.begin());
  // rho is published in the public key (Algorithm 6, line 8), so ExpandA may branch on it.
  ct::DeclassifyBytes(st->sk.rho);
  std::copy(expanded.begin() + 96, expanded.end(), st->sk.key.begin());
  ExpandS<P>(st->sk.s1, st->sk.s2, expanded.template subspan<32, 64>());
  st->s1_hat = st->sk.s1;
  for (Poly& p : st->s1_hat) Ntt(p);
  ExpandA_vartime<P::kK, P::kL>(st->a_hat, st->sk.rho);
  for (int i = 0; i < P::kK; ++i) {
    RowTimesVector<P::kL>(st->t, st->a_hat[i], st->s1_hat);
    ReducePoly(st->t);
    InvNttToMont(st->t);
    for (int j = 0; j < kN; ++j) {
      const Split s = Power2Round(Freeze(st->t[j] + st->sk.s2[i][j]));
      st->t1[i][j] = s.high;
      st->sk.t0[i][j] = s.low;
    }
  }
  PkEncode<P>(out_pk, st->sk.rho, st->t1);
  Shake256Once(out_pk, st->sk.tr);
  SkEncode<P>(out_sk, st->sk);
}

// FIPS 204, Algorithm 7 (ML-DSA.Sign_internal) from line 7 on, given mu = H(tr || M', 64).
// Returns false, writing nothing, if the secret key fails skDecode's range check.
template <typename P>
[[nodiscard]] inline bool SignMu(std::span<uint8_t, P::kSignatureBytes> out_sig,
                                 std::span<const uint8_t, P::kSecretKeyBytes> sk_bytes,
                                 std::span<const uint8_t, 64> mu,
                                 std::span<const uint8_t, 32> rnd) {
  constexpr int K = P::kK;
  constexpr int L = P::kL;
  constexpr int32_t kGamma2 = P::kGamma2;
  struct State {
    SecretKey<P> sk;
    std::array<PolyVec<L>, K> a_hat;
    PolyVec<L> s1_hat;
    PolyVec<K> s2_hat;
    PolyVec<K> t0_hat;
    std::array<uint8_t, 64> rho_pp;
    PolyVec<L> y;
    PolyVec<L> y_hat;
    PolyVec<L> z;
    PolyVec<K> w;
    PolyVec<K> w1;
    PolyVec<K> r;  // w - cs2 in [0, q)
    PolyVec<K> h;
    Poly c_hat;
    Poly tmp;
    std::array<uint8_t, K * P::kW1PolyBytes> w1_encoded;
    std::array<uint8_t, P::kCTildeBytes> c_tilde;
  };
  WipedBox<State> st;
  if (!SkDecode<P>(st->sk, sk_bytes)) return false;

  // rho is also in the public key.
  ct::DeclassifyBytes(st->sk.rho);
  ExpandA_vartime<K, L>(st->a_hat, st->sk.rho);
  st->s1_hat = st->sk.s1;
  for (Poly& p : st->s1_hat) Ntt(p);
  st->s2_hat = st->sk.s2;
  for (Poly& p : st->s2_hat) Ntt(p);
  st->t0_hat = st->sk.t0;
  for (Poly& p : st->t0_hat) Ntt(p);
  {
    // rho'' = H(K || rnd || mu, 64) (line 7).
    Shake256 hash;
    hash.Absorb(st->sk.key);
    hash.Absorb(rnd);
    hash.Absorb(mu);
    hash.Squeeze(st->rho_pp);
  }

  for (uint32_t kappa = 0;; kappa += L) {
    ExpandMask<P>(st->y, st->rho_pp, kappa);
    st->y_hat = st->y;
    for (Poly& p : st->y_hat) Ntt(p);
    for (int i = 0; i < K; ++i) {
      RowTimesVector<L>(st->w[i], st->a_hat[i], st->y_hat);
      ReducePoly(st->w[i]);
      InvNttToMont(st->w[i]);
      FreezePoly(st->w[i]);
      for (int j = 0; j < kN; ++j) st->w1[i][j] = HighBits<kGamma2>(st->w[i][j]);
    }
    W1Encode<P>(st->w1_encoded, st->w1);
    {
      Shake256 hash;
      hash.Absorb(mu);
      hash.Absorb(st->w1_encoded);
      hash.Squeeze(st->c_tilde);
    }
    // c_tilde is published when this attempt is accepted; the challenges of rejected attempts
    // reveal nothing of the key either (only z and h of rejected attempts would), so
    // SampleInBall may branch on it.
    ct::DeclassifyBytes(st->c_tilde);
    SampleInBall_vartime<P::kTau>(st->c_hat, st->c_tilde);
    Ntt(st->c_hat);

    // z = y + c*s1 (line 20); reject if ||z|| >= gamma1 - beta.
    uint32_t reject = 0;
    for (int i = 0; i < L; ++i) {
      PointwiseMontgomery(st->tmp, st->c_hat, st->s1_hat[i]);
      InvNttToMont(st->tmp);
      for (int j = 0; j < kN; ++j) st->z[i][j] = Centered(Freeze(st->y[i][j] + st->tmp[j]));
      reject |= NormAtLeast(st->z[i], P::kGamma1 - P::kBeta);
    }
    // The accept/reject decisions are the only branches on secret-derived data (see the file
    // comment); checking z first skips the c*s2 work for the most frequent rejection.
    if (ct::Declassify(reject) != 0) continue;
    // r0 = LowBits(w - c*s2) (line 21); reject if ||r0|| >= gamma2 - beta.
    for (int i = 0; i < K; ++i) {
      PointwiseMontgomery(st->tmp, st->c_hat, st->s2_hat[i]);
      InvNttToMont(st->tmp);
      for (int j = 0; j < kN; ++j) {
        st->r[i][j] = Freeze(st->w[i][j] - st->tmp[j]);
        st->tmp[j] = LowBits<kGamma2>(st->r[i][j]);
      }
      reject |= NormAtLeast(st->tmp, kGamma2 - P::kBeta);
    }
    if (ct::Declassify(reject) != 0) continue;

    // h = MakeHint(-c*t0, w - c*s2 + c*t0) (line 26); reject if ||c*t0|| >= gamma2 or the
    // hint has more than omega ones.
    uint32_t ones = 0;
    for (int i = 0; i < K; ++i) {
      PointwiseMontgomery(st->tmp, st->c_hat, st->t0_hat[i]);
      InvNttToMont(st->tmp);
      for (int j = 0; j < kN; ++j) {
        const int32_t ct0 = Centered(Freeze(st->tmp[j]));
        st->tmp[j] = ct0;
        st->h[i][j] = MakeHint<kGamma2>(Freeze(st->r[i][j] + ct0), st->r[i][j]);
        ones += static_cast<uint32_t>(st->h[i][j]);
      }
      reject |= NormAtLeast(st->tmp, kGamma2);
    }
    reject |= ct::LtMask32(P::kOmega, ones) & 1;
    if (ct::Declassify(reject) != 0) continue;

    // Accepted: h becomes part of the signature, and HintBitPack branches on it.
    for (const Poly& hi : st->h) {
      ct::DeclassifyBytes({reinterpret_cast<const uint8_t*>(hi.data()), sizeof(hi)});
    }
    SigEncode<P>(out_sig, st->c_tilde, st->z, st->h);
    return true;
  }
}

// FIPS 204, Algorithm 8 (ML-DSA.Verify_internal) from line 6 on, given mu = H(tr || M', 64).
template <typename P>
[[nodiscard]] inline bool VerifyMu_vartime(std::span<const uint8_t, P::kPublicKeyBytes> pk,
                                           std::span<const uint8_t, 64> mu,
                                           std::span<const uint8_t, P::kSignatureBytes> sig) {
  constexpr int K = P::kK;
  constexpr int L = P::kL;
  struct State {
    std::array<uint8_t, 32> rho;
    PolyVec<K> t1;
    std::array<uint8_t, P::kCTildeBytes> c_tilde;
    std::array<uint8_t, P::kCTildeBytes> c_tilde_prime;
    PolyVec<L> z;
    PolyVec<K> h;
    std::array<PolyVec<L>, K> a_hat;
    PolyVec<K> w1;
    Poly c_hat;
    Poly t1_hat;
    std::array<uint8_t, K * P::kW1PolyBytes> w1_encoded;
  };
  auto st = std::make_unique<State>();
  if (!SigDecode_vartime<P>(st->c_tilde, st->z, st->h, sig)) return false;
  // Line 13 checks ||z|| < gamma1 - beta; checking first saves the work for a bad signature.
  for (const Poly& zi : st->z) {
    if (NormAtLeast(zi, P::kGamma1 - P::kBeta) != 0) return false;
  }
  PkDecode<P>(st->rho, st->t1, pk);
  SampleInBall_vartime<P::kTau>(st->c_hat, st->c_tilde);
  Ntt(st->c_hat);
  for (Poly& zi : st->z) Ntt(zi);
  ExpandA_vartime<K, L>(st->a_hat, st->rho);
  for (int i = 0; i < K; ++i) {
    // w'_approx = NTT^-1(A_hat * NTT(z) - NTT(c) * NTT(t1 * 2^d)) (line 9).
    Poly& w = st->w1[i];
    RowTimesVector<L>(w, st->a_hat[i], st->z);
    for (int j = 0; j < kN; ++j) st->t1_hat[j] = st->t1[i][j] << kD;
    Ntt(st->t1_hat);
    PointwiseMontgomery(st->t1_hat, st->c_hat, st->t1_hat);
    for (int j = 0; j < kN; ++j) w[j] = Reduce32(w[j] - st->t1_hat[j]);
    InvNttToMont(w);
    for (int j = 0; j < kN; ++j) w[j] = UseHint_vartime<P::kGamma2>(st->h[i][j], Freeze(w[j]));
  }
  W1Encode<P>(st->w1_encoded, st->w1);
  Shake256 hash;
  hash.Absorb(mu);
  hash.Absorb(st->w1_encoded);
  hash.Squeeze(st->c_tilde_prime);
  return ct::EqualMask(st->c_tilde, st->c_tilde_prime) != 0;
}

}  // namespace cam::crypto::mldsa_internal

#endif  // CAM_CRYPTO_MLDSA_INTERNAL_H_
