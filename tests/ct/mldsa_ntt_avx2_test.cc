#include <gtest/gtest.h>

#include <cstdint>

#include "crypto/mldsa/internal.h"
#include "crypto/mldsa/ntt_avx2.h"
#include "crypto/sha3/cpu_dispatch.h"

namespace cam::crypto::mldsa_internal {
namespace {

// Pseudo-random coefficients in (-q, q), the input range of both transforms.
Poly RandomPoly(uint64_t& x) {
  Poly p;
  for (int32_t& c : p) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<int32_t>(x % (2 * kQ - 1)) - (kQ - 1);
  }
  return p;
}

TEST(MlDsaNttAvx2Test, MatchesPortableBitForBit) {
  if (!__builtin_cpu_supports("avx2")) {
    // Nothing to compare on this CPU; the dispatcher must then never pick AVX2.
    EXPECT_FALSE(UseAvx2());
    return;
  }
  uint64_t x = 0x0123456789ABCDEFULL;
  for (int trial = 0; trial < 200; ++trial) {
    const Poly input = RandomPoly(x);
    Poly portable = input, avx2 = input;
    NttPortable(portable);
    NttAvx2(avx2.data());
    ASSERT_EQ(avx2, portable) << "NTT, trial " << trial;
    portable = input;
    avx2 = input;
    InvNttToMontPortable(portable);
    InvNttToMontAvx2(avx2.data());
    ASSERT_EQ(avx2, portable) << "inverse NTT, trial " << trial;
  }
}

TEST(MlDsaNttAvx2Test, ProductsMatchPortable) {
  if (!__builtin_cpu_supports("avx2")) {
    EXPECT_FALSE(UseAvx2());
    return;
  }
  uint64_t x = 0xFEDCBA9876543210ULL;
  for (int trial = 0; trial < 100; ++trial) {
    PolyVec<5> row, vec;
    for (Poly& p : row) p = RandomPoly(x);
    for (Poly& p : vec) p = RandomPoly(x);
    Poly expected, actual;
    for (int i = 0; i < kN; ++i) {
      expected[i] = MontgomeryReduce(static_cast<int64_t>(row[0][i]) * vec[0][i]);
    }
    PointwiseMontgomeryAvx2(actual.data(), row[0].data(), vec[0].data());
    ASSERT_EQ(actual, expected) << "pointwise, trial " << trial;
    for (int i = 0; i < kN; ++i) {
      int64_t acc = 0;
      for (int j = 0; j < 5; ++j) acc += static_cast<int64_t>(row[j][i]) * vec[j][i];
      expected[i] = MontgomeryReduce(acc);
    }
    RowTimesVectorAvx2(actual.data(), row[0].data(), vec[0].data(), 5);
    ASSERT_EQ(actual, expected) << "row times vector, trial " << trial;
  }
}

TEST(MlDsaNttAvx2Test, ExtremeInputs) {
  if (!__builtin_cpu_supports("avx2")) {
    EXPECT_FALSE(UseAvx2());
    return;
  }
  for (const int32_t value : {kQ - 1, -(kQ - 1), 0, 1, -1}) {
    Poly input;
    input.fill(value);
    Poly portable = input, avx2 = input;
    NttPortable(portable);
    NttAvx2(avx2.data());
    EXPECT_EQ(avx2, portable) << value;
    portable = input;
    avx2 = input;
    InvNttToMontPortable(portable);
    InvNttToMontAvx2(avx2.data());
    EXPECT_EQ(avx2, portable) << value;
  }
}

}  // namespace
}  // namespace cam::crypto::mldsa_internal
