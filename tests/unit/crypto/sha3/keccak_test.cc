#include "crypto/sha3/keccak.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <random>
#include <vector>

#include "base/hex.h"

namespace cam::crypto {
namespace {

std::vector<uint8_t> OpenSslDigest(const EVP_MD* md, const std::vector<uint8_t>& in,
                                   size_t out_len) {
  std::vector<uint8_t> out(out_len);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EXPECT_EQ(EVP_DigestInit_ex(ctx, md, nullptr), 1);
  EXPECT_EQ(EVP_DigestUpdate(ctx, in.data(), in.size()), 1);
  if (EVP_MD_flags(md) & EVP_MD_FLAG_XOF) {
    EXPECT_EQ(EVP_DigestFinalXOF(ctx, out.data(), out.size()), 1);
  } else {
    unsigned int len = 0;
    EXPECT_EQ(EVP_DigestFinal_ex(ctx, out.data(), &len), 1);
  }
  EVP_MD_CTX_free(ctx);
  return out;
}

TEST(KeccakTest, KnownAnswerEmptyInput) {
  std::array<uint8_t, 32> d256;
  Sha3_256({}, d256);
  EXPECT_EQ(base::HexEncode(d256),
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
  std::vector<uint8_t> shake(32);
  Shake128Once({}, shake);
  EXPECT_EQ(base::HexEncode(shake),
            "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26");
}

// OpenSSL is an independent oracle: random lengths crossing every rate boundary, absorbed and
// squeezed in random chunk sizes.
TEST(KeccakTest, MatchesOpenSslOnRandomChunking) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<uint8_t> in(rng() % 700);
    for (auto& b : in) b = static_cast<uint8_t>(rng());
    const size_t out_len = 1 + rng() % 600;

    Shake128 s128;
    Shake256 s256;
    for (size_t i = 0; i < in.size();) {
      const size_t n = std::min<size_t>(in.size() - i, rng() % 200);
      s128.Absorb({in.data() + i, n});
      s256.Absorb({in.data() + i, n});
      i += n;
    }
    std::vector<uint8_t> o128(out_len), o256(out_len);
    for (size_t i = 0; i < out_len;) {
      const size_t n = std::min<size_t>(out_len - i, 1 + rng() % 170);
      s128.Squeeze({o128.data() + i, n});
      s256.Squeeze({o256.data() + i, n});
      i += n;
    }
    ASSERT_EQ(o128, OpenSslDigest(EVP_shake128(), in, out_len)) << trial;
    ASSERT_EQ(o256, OpenSslDigest(EVP_shake256(), in, out_len)) << trial;

    std::array<uint8_t, 32> d256;
    std::array<uint8_t, 64> d512;
    Sha3_256(in, d256);
    Sha3_512(in, d512);
    ASSERT_EQ(std::vector<uint8_t>(d256.begin(), d256.end()),
              OpenSslDigest(EVP_sha3_256(), in, 32));
    ASSERT_EQ(std::vector<uint8_t>(d512.begin(), d512.end()),
              OpenSslDigest(EVP_sha3_512(), in, 64));
  }
}

}  // namespace
}  // namespace cam::crypto
