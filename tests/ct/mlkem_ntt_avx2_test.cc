#include <gtest/gtest.h>

#include <cstdint>

#include "crypto/mlkem/internal.h"
#include "crypto/mlkem/ntt_avx2.h"
#include "crypto/sha3/cpu_dispatch.h"

namespace cam::crypto::mlkem {
namespace {

// Pseudo-random coefficients with |c| < q, the input range of both transforms.
Poly RandomPoly(uint64_t& x) {
  Poly p;
  for (int16_t& c : p.c) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<int16_t>(static_cast<int>(x % (2 * kPrime - 1)) - (kPrime - 1));
  }
  return p;
}

TEST(MlKemNttAvx2Test, MatchesPortableBitForBit) {
  if (!__builtin_cpu_supports("avx2")) {
    // Nothing to compare on this CPU; the dispatcher must then never pick AVX2.
    EXPECT_FALSE(UseAvx2());
    return;
  }
  uint64_t x = 0x0F1E2D3C4B5A6978ULL;
  for (int trial = 0; trial < 300; ++trial) {
    const Poly input = RandomPoly(x);
    Poly portable = input, avx2 = input;
    NttPortable(portable);
    NttAvx2(avx2.c.data());
    ASSERT_EQ(avx2.c, portable.c) << "NTT, trial " << trial;
    portable = input;
    avx2 = input;
    InverseNttPortable(portable);
    InverseNttAvx2(avx2.c.data());
    ASSERT_EQ(avx2.c, portable.c) << "inverse NTT, trial " << trial;
  }
  for (const int16_t value : {kPrime - 1, -(kPrime - 1), 0, 1, -1}) {
    Poly input;
    input.c.fill(value);
    Poly portable = input, avx2 = input;
    NttPortable(portable);
    NttAvx2(avx2.c.data());
    EXPECT_EQ(avx2.c, portable.c) << value;
    portable = input;
    avx2 = input;
    InverseNttPortable(portable);
    InverseNttAvx2(avx2.c.data());
    EXPECT_EQ(avx2.c, portable.c) << value;
  }
}

}  // namespace
}  // namespace cam::crypto::mlkem
