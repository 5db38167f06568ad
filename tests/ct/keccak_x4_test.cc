#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "crypto/sha3/keccak.h"
#include "crypto/sha3/keccak_internal.h"

namespace cam::crypto {
namespace {

KeccakX4State RandomishState(uint64_t salt) {
  KeccakX4State s;
  uint64_t x = 0x9E3779B97F4A7C15ULL ^ salt;
  for (uint64_t& lane : s.lanes) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    lane = x;
  }
  return s;
}

std::array<uint64_t, 25> Instance(const KeccakX4State& s, int j) {
  std::array<uint64_t, 25> out;
  for (int i = 0; i < 25; ++i) out[i] = s.lanes[4 * i + j];
  return out;
}

TEST(KeccakX4Test, PortableMatchesOneWay) {
  KeccakX4State s = RandomishState(1);
  const KeccakX4State before = s;
  sha3_internal::KeccakF1600x4Portable(s.lanes.data());
  for (int j = 0; j < 4; ++j) {
    std::array<uint64_t, 25> expected = Instance(before, j);
    KeccakF1600(expected);
    EXPECT_EQ(Instance(s, j), expected) << "instance " << j;
  }
}

TEST(KeccakX4Test, Avx2MatchesPortable) {
  if (!__builtin_cpu_supports("avx2")) {
    // Nothing to compare on this CPU; the dispatcher must then never pick AVX2.
    EXPECT_FALSE(KeccakX4UsesAvx2());
    return;
  }
  for (uint64_t salt = 0; salt < 8; ++salt) {
    KeccakX4State a = RandomishState(salt);
    KeccakX4State b = a;
    sha3_internal::KeccakF1600x4Avx2(a.lanes.data());
    sha3_internal::KeccakF1600x4Portable(b.lanes.data());
    EXPECT_EQ(a.lanes, b.lanes);
  }
}

TEST(KeccakX4Test, ShakeX4MatchesOneWay) {
  // Lengths around the rate boundaries exercise the tail and padding code.
  for (size_t length : {0, 1, 33, 34, 66, 135, 136, 137, 167, 168, 169, 400}) {
    std::array<std::vector<uint8_t>, 4> in;
    for (int j = 0; j < 4; ++j) {
      in[j].resize(length);
      for (size_t k = 0; k < length; ++k) in[j][k] = static_cast<uint8_t>(k * 7 + j * 101);
    }
    std::array<std::vector<uint8_t>, 4> out128, out256;
    for (int j = 0; j < 4; ++j) {
      out128[j].resize(3 * Shake128x4::kRate);
      out256[j].resize(2 * Shake256x4::kRate);
    }
    Shake128x4 x128;
    x128.AbsorbOnce({in[0], in[1], in[2], in[3]});
    x128.SqueezeBlocks({std::span<uint8_t>(out128[0]).first(Shake128x4::kRate),
                        std::span<uint8_t>(out128[1]).first(Shake128x4::kRate),
                        std::span<uint8_t>(out128[2]).first(Shake128x4::kRate),
                        std::span<uint8_t>(out128[3]).first(Shake128x4::kRate)});
    x128.SqueezeBlocks({std::span<uint8_t>(out128[0]).subspan(Shake128x4::kRate),
                        std::span<uint8_t>(out128[1]).subspan(Shake128x4::kRate),
                        std::span<uint8_t>(out128[2]).subspan(Shake128x4::kRate),
                        std::span<uint8_t>(out128[3]).subspan(Shake128x4::kRate)});
    Shake256x4 x256;
    x256.AbsorbOnce({in[0], in[1], in[2], in[3]});
    x256.SqueezeBlocks({out256[0], out256[1], out256[2], out256[3]});
    for (int j = 0; j < 4; ++j) {
      std::vector<uint8_t> expected128(out128[j].size()), expected256(out256[j].size());
      Shake128Once(in[j], expected128);
      Shake256Once(in[j], expected256);
      EXPECT_EQ(out128[j], expected128) << "SHAKE128 length " << length << " lane " << j;
      EXPECT_EQ(out256[j], expected256) << "SHAKE256 length " << length << " lane " << j;
    }
  }
}

TEST(KeccakX4Test, DispatchHonoursDisableVariable) {
  const char* disable = std::getenv("CAM_CRYPTO_DISABLE_AVX2");
  const bool disabled = disable != nullptr && std::string_view(disable) == "1";
  EXPECT_EQ(KeccakX4UsesAvx2(), __builtin_cpu_supports("avx2") && !disabled);
}

}  // namespace
}  // namespace cam::crypto
