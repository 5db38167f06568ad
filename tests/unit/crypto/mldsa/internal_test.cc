// Tests of the FIPS 204 building blocks in crypto/mldsa/internal.h against straightforward
// transcriptions of the specification (schoolbook multiplication, Algorithm 36 with branches).
#include "crypto/mldsa/internal.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>

namespace cam::crypto::mldsa_internal {
namespace {

using P65 = Params<6, 5>;
using P44 = Params<4, 4>;

int64_t ModQ(int64_t a) { return ((a % kQ) + kQ) % kQ; }

Poly RandomPoly(std::mt19937_64& rng, int32_t bound) {
  std::uniform_int_distribution<int32_t> dist(-bound, bound);
  Poly p;
  for (int32_t& c : p) c = dist(rng);
  return p;
}

TEST(MlDsaInternalTest, MontgomeryReduce) {
  std::mt19937_64 rng(1);
  const int64_t limit = (int64_t{1} << 31) * kQ - 1;
  std::uniform_int_distribution<int64_t> dist(-limit, limit);
  for (int i = 0; i < 100000; ++i) {
    const int64_t a = dist(rng);
    const int32_t r = MontgomeryReduce(a);
    EXPECT_LT(std::abs(r), kQ);
    EXPECT_EQ(ModQ(static_cast<int64_t>(r) * (int64_t{1} << 32) % kQ), ModQ(a));
  }
}

TEST(MlDsaInternalTest, NttMultiplicationMatchesSchoolbook) {
  std::mt19937_64 rng(2);
  for (int round = 0; round < 20; ++round) {
    const Poly a = RandomPoly(rng, kQ - 1);
    const Poly b = RandomPoly(rng, kQ - 1);
    std::array<int64_t, kN> want{};
    for (int i = 0; i < kN; ++i) {
      for (int j = 0; j < kN; ++j) {
        const int64_t prod = ModQ(int64_t{a[i]} * b[j]);
        // X^256 = -1.
        if (i + j < kN) {
          want[i + j] = ModQ(want[i + j] + prod);
        } else {
          want[i + j - kN] = ModQ(want[i + j - kN] - prod);
        }
      }
    }
    Poly a_hat = a, b_hat = b, c;
    Ntt(a_hat);
    Ntt(b_hat);
    PointwiseMontgomery(c, a_hat, b_hat);
    InvNttToMont(c);
    for (int i = 0; i < kN; ++i) ASSERT_EQ(Freeze(c[i]), want[i]) << i;
  }
}

TEST(MlDsaInternalTest, InverseNttUndoesNtt) {
  std::mt19937_64 rng(3);
  const Poly a = RandomPoly(rng, kQ - 1);
  Poly b = a;
  Ntt(b);
  ReducePoly(b);
  InvNttToMont(b);
  // InvNttToMont leaves the factor 2^32.
  for (int i = 0; i < kN; ++i) {
    EXPECT_EQ(Freeze(b[i]), ModQ(static_cast<int64_t>(a[i]) * (int64_t{1} << 32) % kQ));
  }
}

// FIPS 204, Algorithm 36, written as the specification states it.
Split DecomposeSpec(int32_t r, int32_t gamma2) {
  const int32_t alpha = 2 * gamma2;
  int32_t r0 = r % alpha;
  if (r0 > gamma2) r0 -= alpha;
  if (r - r0 == kQ - 1) return {0, r0 - 1};
  return {(r - r0) / alpha, r0};
}

template <int32_t kGamma2>
void CheckDecomposeForAllR() {
  for (int32_t r = 0; r < kQ; ++r) {
    const Split got = Decompose<kGamma2>(r);
    const Split want = DecomposeSpec(r, kGamma2);
    ASSERT_EQ(got.high, want.high) << r;
    ASSERT_EQ(got.low, want.low) << r;
  }
}

TEST(MlDsaInternalTest, DecomposeMatchesSpecificationForEveryR) {
  CheckDecomposeForAllR<P65::kGamma2>();
  CheckDecomposeForAllR<P44::kGamma2>();
}

TEST(MlDsaInternalTest, Power2RoundForEveryR) {
  for (int32_t r = 0; r < kQ; ++r) {
    const Split s = Power2Round(r);
    ASSERT_EQ(s.high * (1 << kD) + s.low, r);
    ASSERT_GT(s.low, -(1 << (kD - 1)));
    ASSERT_LE(s.low, 1 << (kD - 1));
  }
}

// FIPS 204, Lemma 2 / Section 7.4: UseHint(MakeHint(z, r), r) = HighBits(r + z) for
// ||z|| <= gamma2.
template <int32_t kGamma2>
void CheckHintLemma(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int32_t> r_dist(0, kQ - 1);
  std::uniform_int_distribution<int32_t> z_dist(-kGamma2, kGamma2);
  for (int i = 0; i < 200000; ++i) {
    const int32_t r = r_dist(rng);
    const int32_t r_plus_z = Freeze(r + z_dist(rng));
    const int32_t h = MakeHint<kGamma2>(r, r_plus_z);
    ASSERT_EQ(UseHint_vartime<kGamma2>(h, r), HighBits<kGamma2>(r_plus_z)) << r << " " << r_plus_z;
  }
}

TEST(MlDsaInternalTest, MakeHintUseHintLemma) {
  CheckHintLemma<P65::kGamma2>(4);
  CheckHintLemma<P44::kGamma2>(5);
}

TEST(MlDsaInternalTest, CenteredAndFreeze) {
  EXPECT_EQ(Freeze(-1), kQ - 1);
  EXPECT_EQ(Freeze(kQ), 0);
  EXPECT_EQ(Centered((kQ - 1) / 2), (kQ - 1) / 2);
  EXPECT_EQ(Centered((kQ + 1) / 2), -(kQ - 1) / 2);
  EXPECT_EQ(Centered(0), 0);
}

TEST(MlDsaInternalTest, NormAtLeast) {
  Poly p{};
  EXPECT_EQ(NormAtLeast(p, 1), 0u);
  p[200] = -5;
  EXPECT_EQ(NormAtLeast(p, 5), 1u);
  EXPECT_EQ(NormAtLeast(p, 6), 0u);
  p[200] = 5;
  EXPECT_EQ(NormAtLeast(p, 5), 1u);
  EXPECT_EQ(NormAtLeast(p, 6), 0u);
}

TEST(MlDsaInternalTest, RejBoundedPolyStaysInRange) {
  std::array<uint8_t, 66> seed{};
  for (int trial = 0; trial < 20; ++trial) {
    seed[0] = static_cast<uint8_t>(trial);
    Poly p4, p2;
    RejBoundedPoly<4>(p4, seed);
    RejBoundedPoly<2>(p2, seed);
    int32_t max4 = 0;
    for (int32_t c : p4) {
      ASSERT_LE(std::abs(c), 4);
      max4 = std::max(max4, std::abs(c));
    }
    for (int32_t c : p2) ASSERT_LE(std::abs(c), 2);
    EXPECT_EQ(max4, 4);  // 256 samples from [-4, 4] reach the bound.
  }
}

TEST(MlDsaInternalTest, SampleInBallHasTauSigns) {
  for (int trial = 0; trial < 50; ++trial) {
    std::array<uint8_t, P65::kCTildeBytes> c_tilde{};
    c_tilde[0] = static_cast<uint8_t>(trial);
    Poly c;
    SampleInBall_vartime<P65::kTau>(c, c_tilde);
    int nonzero = 0;
    for (int32_t v : c) {
      ASSERT_TRUE(v == 0 || v == 1 || v == -1);
      nonzero += v != 0;
    }
    EXPECT_EQ(nonzero, P65::kTau);
  }
}

TEST(MlDsaInternalTest, RejNttPolyIsBelowQ) {
  std::array<uint8_t, 34> seed{};
  Poly a;
  RejNttPoly_vartime(a, seed);
  for (int32_t c : a) {
    ASSERT_GE(c, 0);
    ASSERT_LT(c, kQ);
  }
}

TEST(MlDsaInternalTest, SecretKeyEncodingRoundTrips) {
  std::mt19937_64 rng(6);
  SecretKey<P65> sk{};
  for (uint8_t& b : sk.rho) b = static_cast<uint8_t>(rng());
  for (uint8_t& b : sk.key) b = static_cast<uint8_t>(rng());
  for (uint8_t& b : sk.tr) b = static_cast<uint8_t>(rng());
  for (Poly& p : sk.s1) p = RandomPoly(rng, P65::kEta);
  for (Poly& p : sk.s2) p = RandomPoly(rng, P65::kEta);
  for (Poly& p : sk.t0) {
    p = RandomPoly(rng, (1 << (kD - 1)) - 1);
    p[0] = 1 << (kD - 1);  // The top of (-2^12, 2^12].
  }
  std::array<uint8_t, P65::kSecretKeyBytes> bytes;
  SkEncode<P65>(bytes, sk);
  SecretKey<P65> back{};
  ASSERT_TRUE(SkDecode<P65>(back, bytes));
  EXPECT_EQ(back.rho, sk.rho);
  EXPECT_EQ(back.key, sk.key);
  EXPECT_EQ(back.tr, sk.tr);
  EXPECT_EQ(back.s1, sk.s1);
  EXPECT_EQ(back.s2, sk.s2);
  EXPECT_EQ(back.t0, sk.t0);
}

TEST(MlDsaInternalTest, SignatureEncodingRoundTripsAndRejectsBadHints) {
  std::mt19937_64 rng(7);
  std::array<uint8_t, P65::kCTildeBytes> c_tilde;
  for (uint8_t& b : c_tilde) b = static_cast<uint8_t>(rng());
  PolyVec<P65::kL> z;
  for (Poly& p : z) p = RandomPoly(rng, P65::kGamma1 - P65::kBeta - 1);
  PolyVec<P65::kK> h{};
  h[0][3] = h[0][200] = h[2][0] = h[5][255] = 1;
  std::array<uint8_t, P65::kSignatureBytes> sig;
  SigEncode<P65>(sig, c_tilde, z, h);

  std::array<uint8_t, P65::kCTildeBytes> c_back;
  PolyVec<P65::kL> z_back;
  PolyVec<P65::kK> h_back;
  ASSERT_TRUE(SigDecode_vartime<P65>(c_back, z_back, h_back, sig));
  EXPECT_EQ(c_back, c_tilde);
  EXPECT_EQ(z_back, z);
  EXPECT_EQ(h_back, h);

  const size_t hints = P65::kCTildeBytes + P65::kL * P65::kZPolyBytes;
  auto rejects = [&](auto mutate) {
    auto bad = sig;
    mutate(bad.data() + hints);
    return !SigDecode_vartime<P65>(c_back, z_back, h_back, bad);
  };
  // Indices of polynomial 0 out of order.
  EXPECT_TRUE(rejects([](uint8_t* y) { std::swap(y[0], y[1]); }));
  // A repeated index.
  EXPECT_TRUE(rejects([](uint8_t* y) { y[1] = y[0]; }));
  // Non-zero padding after the last hint.
  EXPECT_TRUE(rejects([](uint8_t* y) { y[P65::kOmega - 1] = 1; }));
  // A limit beyond omega.
  EXPECT_TRUE(rejects([](uint8_t* y) { y[P65::kOmega + P65::kK - 1] = P65::kOmega + 1; }));
  // Limits going backwards.
  EXPECT_TRUE(rejects([](uint8_t* y) { y[P65::kOmega + 1] = 1; }));
}

}  // namespace
}  // namespace cam::crypto::mldsa_internal
