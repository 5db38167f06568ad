#include "crypto/primitives/hkdf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "crypto/primitives/hmac.h"
#include "tests/testing/status_matchers.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HasReason;

std::vector<uint8_t> Pattern(size_t n, uint8_t seed) {
  std::vector<uint8_t> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(seed + 7 * i);
  return out;
}

// RFC 5869 written out over HMAC-SHA256, as an independent reference for the OpenSSL KDF.
std::vector<uint8_t> ReferenceHkdf(std::span<const uint8_t> ikm, std::span<const uint8_t> salt,
                                   std::span<const uint8_t> info, size_t length) {
  std::vector<uint8_t> zero_salt(32, 0);
  auto prk = HmacSha256(salt.empty() ? std::span<const uint8_t>(zero_salt) : salt, ikm);
  EXPECT_TRUE(prk.ok());
  std::vector<uint8_t> okm;
  std::vector<uint8_t> t;
  for (uint8_t i = 1; okm.size() < length; ++i) {
    std::vector<uint8_t> block = t;
    block.insert(block.end(), info.begin(), info.end());
    block.push_back(i);
    auto next = HmacSha256(*prk, block);
    EXPECT_TRUE(next.ok());
    t.assign(next->begin(), next->end());
    okm.insert(okm.end(), t.begin(), t.end());
  }
  okm.resize(length);
  return okm;
}

std::vector<uint8_t> ToVector(const base::SecureBuffer& b) {
  return std::vector<uint8_t>(b.data(), b.data() + b.size());
}

TEST(HkdfTest, MatchesReferenceIncludingEmptyInputs) {
  struct Case {
    size_t ikm, salt, info, length;
  };
  for (const Case c : {Case{32, 32, 10, 42}, Case{0, 0, 0, 32}, Case{0, 16, 0, 1},
                       Case{22, 0, 0, 100}, Case{80, 200, 300, 255 * 32}, Case{1, 1, 1, 33}}) {
    const auto ikm = Pattern(c.ikm, 1), salt = Pattern(c.salt, 2), info = Pattern(c.info, 3);
    CAM_ASSERT_OK_AND_ASSIGN(base::SecureBuffer okm, HkdfSha256(ikm, salt, info, c.length));
    EXPECT_EQ(ToVector(okm), ReferenceHkdf(ikm, salt, info, c.length))
        << c.ikm << "/" << c.salt << "/" << c.info << "/" << c.length;
  }
}

TEST(HkdfTest, ExtractThenExpandEqualsOneShot) {
  const auto ikm = Pattern(40, 4), salt = Pattern(13, 5), info = Pattern(9, 6);
  CAM_ASSERT_OK_AND_ASSIGN(HkdfSha256Prk prk, HkdfSha256Extract(ikm, salt));
  std::vector<uint8_t> expanded(77);
  CAM_ASSERT_OK(HkdfSha256Expand(prk.span(), info, expanded));
  std::vector<uint8_t> one_shot(77);
  CAM_ASSERT_OK(HkdfSha256(ikm, salt, info, one_shot));
  EXPECT_EQ(expanded, one_shot);
  // PRK is HMAC(salt, ikm).
  CAM_ASSERT_OK_AND_ASSIGN(HmacSha256Tag tag, HmacSha256(salt, ikm));
  EXPECT_TRUE(std::equal(tag.begin(), tag.end(), prk.data()));
}

TEST(HkdfTest, EmptySaltMeansHashLenZeros) {
  const auto ikm = Pattern(20, 8);
  const std::vector<uint8_t> zeros(32, 0);
  CAM_ASSERT_OK_AND_ASSIGN(HkdfSha256Prk empty, HkdfSha256Extract(ikm, {}));
  CAM_ASSERT_OK_AND_ASSIGN(HkdfSha256Prk explicit_zeros, HkdfSha256Extract(ikm, zeros));
  EXPECT_TRUE(std::equal(empty.data(), empty.data() + 32, explicit_zeros.data()));
}

TEST(HkdfTest, RejectsOutOfRangeLengths) {
  const auto ikm = Pattern(32, 1);
  EXPECT_THAT(HkdfSha256(ikm, {}, {}, 0), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  EXPECT_THAT(HkdfSha256(ikm, {}, {}, kHkdfSha256MaxOutputSize + 1),
              HasReason("CAM_CRYPTO_INVALID_INPUT"));
  HkdfSha256Prk prk;
  std::vector<uint8_t> too_long(kHkdfSha256MaxOutputSize + 1);
  EXPECT_THAT(HkdfSha256Expand(prk.span(), {}, too_long), HasReason("CAM_CRYPTO_INVALID_INPUT"));
  std::vector<uint8_t> max(kHkdfSha256MaxOutputSize);
  CAM_EXPECT_OK(HkdfSha256Expand(prk.span(), {}, max));
}

TEST(HkdfTest, InfoSeparatesOutputs) {
  const auto ikm = Pattern(32, 1);
  const std::vector<uint8_t> a = {'a'}, b = {'b'};
  CAM_ASSERT_OK_AND_ASSIGN(auto ka, HkdfSha256(ikm, {}, a, 32));
  CAM_ASSERT_OK_AND_ASSIGN(auto kb, HkdfSha256(ikm, {}, b, 32));
  EXPECT_NE(ToVector(ka), ToVector(kb));
}

}  // namespace
}  // namespace cam::crypto
