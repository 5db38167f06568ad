#include "crypto/primitives/ed25519.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "base/hex.h"
#include "tests/testing/status_matchers.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HasReason;

std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

// RFC 8032 section 7.1, TEST 1 (empty message).
TEST(Ed25519Test, Rfc8032Test1) {
  auto seed_bytes =
      base::HexDecode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  ASSERT_TRUE(seed_bytes.ok());
  std::array<uint8_t, 32> seed{};
  std::copy(seed_bytes->begin(), seed_bytes->end(), seed.begin());
  CAM_ASSERT_OK_AND_ASSIGN(Ed25519KeyPair pair, Ed25519KeyPairFromSeed(seed));
  EXPECT_EQ(base::HexEncode(pair.public_key),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  CAM_ASSERT_OK_AND_ASSIGN(Ed25519Signature sig, Ed25519Sign(seed, {}));
  EXPECT_EQ(base::HexEncode(sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39"
            "701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  CAM_EXPECT_OK(Ed25519Verify(pair.public_key, {}, sig));
}

TEST(Ed25519Test, SignVerifyAndRejections) {
  CAM_ASSERT_OK_AND_ASSIGN(Ed25519KeyPair pair, Ed25519GenerateKeyPair());
  CAM_ASSERT_OK_AND_ASSIGN(Ed25519KeyPair again, Ed25519KeyPairFromSeed(pair.seed.span()));
  EXPECT_EQ(again.public_key, pair.public_key);
  const std::vector<uint8_t> msg = Bytes("checkpoint 42");
  CAM_ASSERT_OK_AND_ASSIGN(Ed25519Signature sig, Ed25519Sign(pair.seed.span(), msg));
  CAM_ASSERT_OK_AND_ASSIGN(Ed25519Signature sig2, Ed25519Sign(pair.seed.span(), msg));
  EXPECT_EQ(sig, sig2);  // deterministic
  CAM_EXPECT_OK(Ed25519Verify(pair.public_key, msg, sig));

  for (size_t i = 0; i < sig.size(); i += 7) {
    Ed25519Signature bad = sig;
    bad[i] ^= 0x01;
    EXPECT_THAT(Ed25519Verify(pair.public_key, msg, bad), HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  }
  EXPECT_THAT(Ed25519Verify(pair.public_key, Bytes("checkpoint 43"), sig),
              HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  EXPECT_THAT(Ed25519Verify(pair.public_key, msg, std::span(sig).first(63)),
              HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  std::vector<uint8_t> longer(sig.begin(), sig.end());
  longer.push_back(0);
  EXPECT_THAT(Ed25519Verify(pair.public_key, msg, longer), HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  CAM_ASSERT_OK_AND_ASSIGN(Ed25519KeyPair other, Ed25519GenerateKeyPair());
  EXPECT_THAT(Ed25519Verify(other.public_key, msg, sig), HasReason("CAM_CRYPTO_VERIFY_FAILED"));
}

}  // namespace
}  // namespace cam::crypto
