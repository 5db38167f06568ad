#include "crypto/primitives/hmac.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "base/hex.h"
#include "tests/testing/status_matchers.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HasReason;

std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

// RFC 4231 test case 2: key "Jefe".
TEST(HmacTest, Rfc4231Case2) {
  CAM_ASSERT_OK_AND_ASSIGN(HmacSha256Tag tag,
                           HmacSha256(Bytes("Jefe"), Bytes("what do ya want for nothing?")));
  EXPECT_EQ(base::HexEncode(tag),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacTest, IncrementalEqualsOneShotForEverySplit) {
  const std::vector<uint8_t> key = Bytes(
      "a key that is longer than sixty-four bytes, so it is "
      "hashed first by HMAC");
  std::vector<uint8_t> data(300);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 13);
  CAM_ASSERT_OK_AND_ASSIGN(HmacSha256Tag expected, HmacSha256(key, data));
  for (size_t split = 0; split <= data.size(); split += 37) {
    CAM_ASSERT_OK_AND_ASSIGN(HmacSha256Context mac, HmacSha256Context::Create(key));
    CAM_ASSERT_OK(mac.Update(std::span(data).first(split)));
    CAM_ASSERT_OK(mac.Update({}));
    CAM_ASSERT_OK(mac.Update(std::span(data).subspan(split)));
    CAM_ASSERT_OK_AND_ASSIGN(HmacSha256Tag tag, mac.Finish());
    EXPECT_EQ(tag, expected) << split;
  }
}

TEST(HmacTest, FinishedContextIsSpent) {
  CAM_ASSERT_OK_AND_ASSIGN(HmacSha256Context mac, HmacSha256Context::Create(Bytes("k")));
  CAM_ASSERT_OK(mac.Finish().status());
  EXPECT_THAT(mac.Update(Bytes("x")), HasReason("CAM_INTERNAL_ERROR"));
  EXPECT_THAT(mac.Finish(), HasReason("CAM_INTERNAL_ERROR"));
}

TEST(HmacTest, EmptyKeyEqualsZeroBlockKey) {
  // RFC 2104 pads the key with zeros to the block size, so "" and 64 zero bytes are one key.
  CAM_ASSERT_OK_AND_ASSIGN(HmacSha256Tag empty, HmacSha256({}, Bytes("m")));
  CAM_ASSERT_OK_AND_ASSIGN(HmacSha256Tag zeros,
                           HmacSha256(std::vector<uint8_t>(64, 0), Bytes("m")));
  EXPECT_EQ(empty, zeros);
  EXPECT_EQ(base::HexEncode(empty).size(), 64u);
}

TEST(HmacTest, VerifyAcceptsOnlyTheExactTag) {
  const std::vector<uint8_t> key = Bytes("key"), data = Bytes("data");
  CAM_ASSERT_OK_AND_ASSIGN(HmacSha256Tag tag, HmacSha256(key, data));
  CAM_EXPECT_OK(HmacSha256Verify(key, data, tag));
  for (size_t i = 0; i < tag.size(); ++i) {
    HmacSha256Tag bad = tag;
    bad[i] ^= 0x40;
    EXPECT_THAT(HmacSha256Verify(key, data, bad), HasReason("CAM_CRYPTO_VERIFY_FAILED")) << i;
  }
  EXPECT_THAT(HmacSha256Verify(key, data, std::span(tag).first(16)),
              HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  EXPECT_THAT(HmacSha256Verify(key, data, {}), HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  std::vector<uint8_t> longer(tag.begin(), tag.end());
  longer.push_back(0);
  EXPECT_THAT(HmacSha256Verify(key, data, longer), HasReason("CAM_CRYPTO_VERIFY_FAILED"));
  EXPECT_THAT(HmacSha256Verify(Bytes("kex"), data, tag), HasReason("CAM_CRYPTO_VERIFY_FAILED"));
}

}  // namespace
}  // namespace cam::crypto
