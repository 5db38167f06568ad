// Unit tests of the ML-KEM internals against literal, slow transcriptions of the FIPS 203
// algorithms written here (bit arrays, schoolbook multiplication, exact rational rounding).
#include "crypto/mlkem/internal.h"

#include <gtest/gtest.h>

#include <random>
#include <utility>
#include <vector>

#include "crypto/sha3/keccak.h"

namespace cam::crypto::mlkem {
namespace {

constexpr int kQ = kPrime;

int Mod(int64_t x) { return static_cast<int>(((x % kQ) + kQ) % kQ); }

Poly RandomPoly(std::mt19937& rng, int lo, int hi) {
  std::uniform_int_distribution<int> dist(lo, hi);
  Poly p;
  for (int16_t& c : p.c) c = static_cast<int16_t>(dist(rng));
  return p;
}

TEST(MlKemInternalTest, MontgomeryReduceIsExactOverItsInputRange) {
  std::mt19937 rng(1);
  constexpr int32_t kBound = kQ * (1 << 15) - 1;
  std::uniform_int_distribution<int32_t> dist(-kBound, kBound);
  std::vector<int32_t> inputs = {0, 1, -1, kBound, -kBound};
  for (int i = 0; i < 200000; ++i) inputs.push_back(dist(rng));
  for (int32_t a : inputs) {
    const int16_t r = MontgomeryReduce(a);
    ASSERT_LT(std::abs(r), kQ) << a;
    ASSERT_EQ(Mod(int64_t{r} * 65536 - a), 0) << a;
  }
}

TEST(MlKemInternalTest, BarrettReduceIsCenteredForEveryInt16) {
  for (int a = -32768; a <= 32767; ++a) {
    const int16_t r = BarrettReduce(static_cast<int16_t>(a));
    ASSERT_LE(std::abs(r), (kQ - 1) / 2) << a;
    ASSERT_EQ(Mod(r), Mod(a)) << a;
  }
}

TEST(MlKemInternalTest, ToUnsignedMapsIntoZeroToQ) {
  for (int a = -kQ + 1; a < kQ; ++a) {
    const int16_t r = ToUnsigned(static_cast<int16_t>(a));
    ASSERT_GE(r, 0);
    ASSERT_LT(r, kQ);
    ASSERT_EQ(Mod(r), Mod(a));
  }
}

// Compress_d and Decompress_d (FIPS 203, equations 4.7 and 4.8) with exact rational rounding;
// q is odd, so no value is ever exactly half-way.
template <int D>
void CheckCompressionExhaustively() {
  SCOPED_TRACE(D);
  for (int x = 0; x < kQ; ++x) {
    const int64_t expected = ((int64_t{x} << (D + 1)) + kQ) / (2 * kQ) % (1 << D);
    ASSERT_EQ(Compress<D>(static_cast<uint16_t>(x)), expected) << x;
  }
  for (int y = 0; y < (1 << D); ++y) {
    const int64_t expected = (int64_t{y} * kQ * 2 + (1 << D)) / (2 << D);
    ASSERT_EQ(Decompress<D>(static_cast<uint16_t>(y)), expected) << y;
    // FIPS 203, section 4.2.1: Compress_d(Decompress_d(y)) = y for d < 12.
    ASSERT_EQ(Compress<D>(Decompress<D>(static_cast<uint16_t>(y))), y);
  }
}

TEST(MlKemInternalTest, CompressAndDecompressMatchTheSpecForEveryInput) {
  [&]<int... D>(std::integer_sequence<int, D...>) { (CheckCompressionExhaustively<D + 1>(), ...); }
  (std::make_integer_sequence<int, 11>{});
}

// Literal ByteEncode_d (FIPS 203, Algorithm 5) over a bit array.
std::vector<uint8_t> SpecByteEncode(const Poly& f, int d) {
  std::vector<uint8_t> bits(256 * d);
  for (int i = 0; i < 256; ++i) {
    int a = f.c[i];
    for (int j = 0; j < d; ++j) {
      bits[i * d + j] = a & 1;
      a = (a - bits[i * d + j]) / 2;
    }
  }
  std::vector<uint8_t> out(32 * d);
  for (size_t i = 0; i < bits.size(); ++i) out[i / 8] |= bits[i] << (i % 8);
  return out;
}

template <int D>
void CheckByteEncodeRoundTrip(std::mt19937& rng) {
  SCOPED_TRACE(D);
  const int max = D == 12 ? kQ - 1 : (1 << D) - 1;
  for (int iter = 0; iter < 100; ++iter) {
    const Poly f = RandomPoly(rng, 0, max);
    std::array<uint8_t, 32 * D> encoded;
    ByteEncode<D>(encoded, f);
    ASSERT_EQ(std::vector<uint8_t>(encoded.begin(), encoded.end()), SpecByteEncode(f, D));
    Poly decoded;
    ByteDecode<D>(decoded, encoded);
    ASSERT_EQ(decoded.c, f.c);
  }
}

TEST(MlKemInternalTest, ByteEncodeMatchesSpecAndRoundTrips) {
  std::mt19937 rng(2);
  CheckByteEncodeRoundTrip<1>(rng);
  CheckByteEncodeRoundTrip<4>(rng);
  CheckByteEncodeRoundTrip<10>(rng);
  CheckByteEncodeRoundTrip<12>(rng);
}

TEST(MlKemInternalTest, ByteDecode12ReducesModQ) {
  // 12-bit values q..4095 are read modulo q (FIPS 203, Algorithm 6, line 4).
  std::array<uint8_t, 384> encoded;
  encoded.fill(0xFF);  // every coefficient 4095
  Poly decoded;
  ByteDecode<12>(decoded, encoded);
  for (int16_t c : decoded.c) EXPECT_EQ(c, 4095 - kQ);
}

// Literal SamplePolyCBD_eta (FIPS 203, Algorithm 8).
Poly SpecSamplePolyCbd(const std::vector<uint8_t>& bytes, int eta) {
  auto bit = [&](int i) { return (bytes[i / 8] >> (i % 8)) & 1; };
  Poly f;
  for (int i = 0; i < 256; ++i) {
    int x = 0, y = 0;
    for (int j = 0; j < eta; ++j) {
      x += bit(2 * i * eta + j);
      y += bit(2 * i * eta + eta + j);
    }
    f.c[i] = static_cast<int16_t>(x - y);
  }
  return f;
}

template <int Eta>
void CheckCbd(std::mt19937& rng) {
  SCOPED_TRACE(Eta);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int iter = 0; iter < 100; ++iter) {
    std::array<uint8_t, 64 * Eta> bytes;
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(byte(rng));
    Poly f;
    SamplePolyCbd<Eta>(f, bytes);
    ASSERT_EQ(f.c, SpecSamplePolyCbd({bytes.begin(), bytes.end()}, Eta).c);
  }
}

TEST(MlKemInternalTest, SamplePolyCbdMatchesSpec) {
  std::mt19937 rng(3);
  CheckCbd<2>(rng);
  CheckCbd<3>(rng);
}

// Literal SampleNTT (FIPS 203, Algorithm 7), squeezing three bytes at a time.
Poly SpecSampleNtt(const std::array<uint8_t, 34>& seed) {
  Shake128 xof;
  xof.Absorb(seed);
  Poly a;
  int j = 0;
  while (j < 256) {
    uint8_t c[3];
    xof.Squeeze(c);
    const int d1 = c[0] + 256 * (c[1] % 16);
    const int d2 = c[1] / 16 + 16 * c[2];
    if (d1 < kQ) a.c[j++] = static_cast<int16_t>(d1);
    if (d2 < kQ && j < 256) a.c[j++] = static_cast<int16_t>(d2);
  }
  return a;
}

TEST(MlKemInternalTest, SampleNttMatchesSpec) {
  std::mt19937 rng(4);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int iter = 0; iter < 50; ++iter) {
    std::array<uint8_t, 34> seed;
    for (uint8_t& b : seed) b = static_cast<uint8_t>(byte(rng));
    Poly a;
    SampleNtt_vartime(a, seed);
    ASSERT_EQ(a.c, SpecSampleNtt(seed).c);
  }
}

TEST(MlKemInternalTest, InverseNttUndoesNtt) {
  std::mt19937 rng(5);
  for (int iter = 0; iter < 100; ++iter) {
    const Poly f = RandomPoly(rng, -kQ + 1, kQ - 1);
    Poly g = f;
    Ntt(g);
    for (int16_t c : g.c) ASSERT_LE(std::abs(c), (kQ - 1) / 2);
    InverseNtt(g);
    for (int i = 0; i < 256; ++i) {
      ASSERT_LT(std::abs(g.c[i]), kQ);
      ASSERT_EQ(Mod(g.c[i]), Mod(f.c[i])) << i;
    }
  }
}

// Schoolbook product in Z_q[X]/(X^256 + 1).
std::array<int, 256> NegacyclicProduct(const Poly& a, const Poly& b) {
  std::array<int64_t, 256> acc{};
  for (int i = 0; i < 256; ++i) {
    for (int j = 0; j < 256; ++j) {
      const int64_t p = int64_t{a.c[i]} * b.c[j];
      if (i + j < 256) {
        acc[i + j] += p;
      } else {
        acc[i + j - 256] -= p;
      }
    }
  }
  std::array<int, 256> out;
  for (int i = 0; i < 256; ++i) out[i] = Mod(acc[i]);
  return out;
}

TEST(MlKemInternalTest, MultiplyNttsIsNegacyclicMultiplication) {
  std::mt19937 rng(6);
  for (int iter = 0; iter < 30; ++iter) {
    const Poly a = RandomPoly(rng, 0, kQ - 1);
    const Poly b = RandomPoly(rng, -2, 2);  // a secret-like small operand
    Poly a_hat = a, b_hat = b, product;
    Ntt(a_hat);
    Ntt(b_hat);
    MultiplyNtts(product, a_hat, b_hat);
    InverseNtt(product);
    const auto expected = NegacyclicProduct(a, b);
    for (int i = 0; i < 256; ++i) ASSERT_EQ(Mod(product.c[i]), expected[i]) << i;
  }
}

TEST(MlKemInternalTest, InnerProductIsSumOfProducts) {
  std::mt19937 rng(7);
  for (int iter = 0; iter < 30; ++iter) {
    PolyVector<3> a, b;
    for (int j = 0; j < 3; ++j) {
      a[j] = RandomPoly(rng, 0, kQ - 1);  // worst case for the int32 accumulator
      b[j] = RandomPoly(rng, -kQ + 1, kQ - 1);
    }
    Poly sum;
    InnerProductNtt<3>(sum, a, b);
    for (int i = 0; i < 256; ++i) {
      int expected = 0;
      for (int j = 0; j < 3; ++j) {
        Poly p;
        MultiplyNtts(p, a[j], b[j]);
        expected = Mod(expected + p.c[i]);
      }
      ASSERT_LT(std::abs(sum.c[i]), kQ);
      ASSERT_EQ(Mod(sum.c[i]), expected) << i;
    }
  }
}

TEST(MlKemInternalTest, KPkeDecryptInvertsEncrypt) {
  std::mt19937 rng(8);
  std::uniform_int_distribution<int> byte(0, 255);
  auto random_bytes = [&](auto& a) {
    for (uint8_t& b : a) b = static_cast<uint8_t>(byte(rng));
  };
  for (int iter = 0; iter < 20; ++iter) {
    std::array<uint8_t, 32> d, m, r, decrypted;
    random_bytes(d);
    random_bytes(m);
    random_bytes(r);
    std::array<uint8_t, Sizes<3>::kEncapsulationKey> ek;
    std::array<uint8_t, Sizes<3>::kPkeDecryptionKey> dk;
    KPkeKeyGen<3>(ek, dk, d);
    std::array<uint8_t, Sizes<3>::kCiphertext> c;
    KPkeEncrypt<3>(c, ek, m, r);
    KPkeDecrypt<3>(decrypted, dk, c);
    ASSERT_EQ(decrypted, m);
  }
}

}  // namespace
}  // namespace cam::crypto::mlkem
