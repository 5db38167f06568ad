#include "crypto/primitives/aead.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/secure_buffer.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/crypto/primitives/aead_test_params.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;

std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

class AeadTest : public ::testing::TestWithParam<AeadAlgorithm> {
 protected:
  const std::vector<uint8_t> key_ = Pattern(kAeadKeySize, 1);
  const std::vector<uint8_t> nonce_ = Pattern(kAeadNonceSize, 2);
  const std::vector<uint8_t> aad_ = Bytes("tenant=a/ns=b/key=c/v=1");
};

TEST_P(AeadTest, RoundTripsAllLengths) {
  for (size_t len : {0, 1, 15, 16, 17, 64, 1000, 70000}) {
    const std::vector<uint8_t> plaintext = Pattern(len, 9);
    CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> sealed,
                             AeadSeal(GetParam(), key_, nonce_, plaintext, aad_));
    ASSERT_EQ(sealed.size(), len + kAeadTagSize);
    if (len >= 16) {
      EXPECT_NE(std::vector(sealed.begin(), sealed.begin() + 16),
                std::vector(plaintext.begin(), plaintext.begin() + 16));
    }
    CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> opened,
                             AeadOpen(GetParam(), key_, nonce_, sealed, aad_));
    EXPECT_EQ(opened, plaintext) << "length " << len;
  }
}

TEST_P(AeadTest, AlgorithmsDiffer) {
  const AeadAlgorithm other = GetParam() == AeadAlgorithm::kAes256Gcm
                                  ? AeadAlgorithm::kChaCha20Poly1305
                                  : AeadAlgorithm::kAes256Gcm;
  const std::vector<uint8_t> plaintext = Bytes("same input");
  CAM_ASSERT_OK_AND_ASSIGN(auto a, AeadSeal(GetParam(), key_, nonce_, plaintext, aad_));
  CAM_ASSERT_OK_AND_ASSIGN(auto b, AeadSeal(other, key_, nonce_, plaintext, aad_));
  EXPECT_NE(a, b);
  EXPECT_THAT(AeadOpen(other, key_, nonce_, a, aad_), HasReason("CAM_CRYPTO_DECRYPT_FAILED"));
}

TEST_P(AeadTest, EveryTamperingFailsWithTheSameError) {
  const std::vector<uint8_t> plaintext = Bytes("the data key of namespace b");
  CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> sealed,
                           AeadSeal(GetParam(), key_, nonce_, plaintext, aad_));

  std::vector<absl::Status> failures;
  for (size_t i = 0; i < sealed.size(); ++i) {  // every byte of ciphertext and tag
    std::vector<uint8_t> bad = sealed;
    bad[i] ^= 0x01;
    failures.push_back(AeadOpen(GetParam(), key_, nonce_, bad, aad_).status());
  }
  std::vector<uint8_t> bad_aad = aad_;
  bad_aad.back() ^= 0x80;
  failures.push_back(AeadOpen(GetParam(), key_, nonce_, sealed, bad_aad).status());
  failures.push_back(AeadOpen(GetParam(), key_, nonce_, sealed, {}).status());
  std::vector<uint8_t> bad_nonce = nonce_;
  bad_nonce[0] ^= 0x01;
  failures.push_back(AeadOpen(GetParam(), key_, bad_nonce, sealed, aad_).status());
  std::vector<uint8_t> bad_key = key_;
  bad_key[31] ^= 0x01;
  failures.push_back(AeadOpen(GetParam(), bad_key, nonce_, sealed, aad_).status());
  // Malformed inputs: the same error, indistinguishable from a bad tag.
  failures.push_back(
      AeadOpen(GetParam(), key_, nonce_, std::span(sealed).first(kAeadTagSize - 1), aad_).status());
  failures.push_back(
      AeadOpen(GetParam(), std::span(key_).first(16), nonce_, sealed, aad_).status());
  failures.push_back(AeadOpen(GetParam(), key_, std::span(nonce_).first(8), sealed, aad_).status());
  std::vector<uint8_t> truncated(sealed.begin(), sealed.end() - 1);
  failures.push_back(AeadOpen(GetParam(), key_, nonce_, truncated, aad_).status());

  ASSERT_FALSE(failures.empty());
  for (const absl::Status& s : failures) {
    EXPECT_THAT(s, HasReason("CAM_CRYPTO_DECRYPT_FAILED"));
    EXPECT_EQ(s.message(), failures.front().message());
    EXPECT_EQ(s.code(), failures.front().code());
  }
}

TEST_P(AeadTest, OpenIntoWipesOutputOnFailure) {
  const std::vector<uint8_t> plaintext = Pattern(40, 5);
  CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> sealed,
                           AeadSeal(GetParam(), key_, nonce_, plaintext, aad_));
  base::SecureBuffer out(plaintext.size());
  CAM_ASSERT_OK(AeadOpenInto(GetParam(), key_, nonce_, sealed, aad_, out.span()));
  EXPECT_EQ(std::vector<uint8_t>(out.data(), out.data() + out.size()), plaintext);

  sealed.back() ^= 0x01;  // the tag: the body decrypts fine before the tag check fails
  EXPECT_THAT(AeadOpenInto(GetParam(), key_, nonce_, sealed, aad_, out.span()),
              HasReason("CAM_CRYPTO_DECRYPT_FAILED"));
  EXPECT_EQ(std::vector<uint8_t>(out.data(), out.data() + out.size()),
            std::vector<uint8_t>(plaintext.size(), 0));
}

TEST_P(AeadTest, SealRejectsWrongKeyAndNonceLengths) {
  const std::vector<uint8_t> plaintext = Bytes("x");
  for (size_t key_len : {0, 16, 24, 31, 33, 64}) {
    EXPECT_THAT(AeadSeal(GetParam(), Pattern(key_len, 1), nonce_, plaintext, aad_),
                HasReason("CAM_CRYPTO_INVALID_INPUT"))
        << key_len;
  }
  for (size_t nonce_len : {0, 8, 11, 13, 16, 24}) {
    EXPECT_THAT(AeadSeal(GetParam(), key_, Pattern(nonce_len, 1), plaintext, aad_),
                HasReason("CAM_CRYPTO_INVALID_INPUT"))
        << nonce_len;
  }
  std::vector<uint8_t> wrong_size_out(plaintext.size() + kAeadTagSize + 1);
  EXPECT_THAT(AeadSealInto(GetParam(), key_, nonce_, plaintext, aad_, wrong_size_out),
              HasReason("CAM_CRYPTO_INVALID_INPUT"));
}

TEST_P(AeadTest, RandomNonceApiPrependsAFreshNonce) {
  const std::vector<uint8_t> plaintext = Bytes("hello");
  CAM_ASSERT_OK_AND_ASSIGN(auto a, AeadSealWithRandomNonce(GetParam(), key_, plaintext, aad_));
  CAM_ASSERT_OK_AND_ASSIGN(auto b, AeadSealWithRandomNonce(GetParam(), key_, plaintext, aad_));
  ASSERT_EQ(a.size(), kAeadNonceSize + plaintext.size() + kAeadTagSize);
  EXPECT_NE(std::vector(a.begin(), a.begin() + kAeadNonceSize),
            std::vector(b.begin(), b.begin() + kAeadNonceSize));
  EXPECT_NE(a, b);
  // The layout is nonce || AeadSeal output.
  CAM_ASSERT_OK_AND_ASSIGN(
      auto direct, AeadSeal(GetParam(), key_, std::span(a).first(kAeadNonceSize), plaintext, aad_));
  EXPECT_EQ(std::vector(a.begin() + kAeadNonceSize, a.end()), direct);

  CAM_ASSERT_OK_AND_ASSIGN(auto opened, AeadOpenWithPrependedNonce(GetParam(), key_, a, aad_));
  EXPECT_EQ(opened, plaintext);
  a[0] ^= 0x01;
  EXPECT_THAT(AeadOpenWithPrependedNonce(GetParam(), key_, a, aad_),
              HasReason("CAM_CRYPTO_DECRYPT_FAILED"));
  EXPECT_THAT(AeadOpenWithPrependedNonce(
                  GetParam(), key_, std::span(b).first(kAeadNonceSize + kAeadTagSize - 1), aad_),
              HasReason("CAM_CRYPTO_DECRYPT_FAILED"));
}

TEST_P(AeadTest, ErrorsCarryNoKeyMaterial) {
  const std::vector<uint8_t> key(kAeadKeySize, 'K');
  CAM_ASSERT_OK_AND_ASSIGN(auto sealed, AeadSeal(GetParam(), key, nonce_, Bytes("p"), aad_));
  sealed[0] ^= 1;
  const absl::Status status = AeadOpen(GetParam(), key, nonce_, sealed, aad_).status();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.ToString().find("KKKK"), std::string::npos);
  EXPECT_EQ(status.ToString().find("4b4b4b4b"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, AeadTest, AllAeadAlgorithms(), AeadAlgorithmName);

}  // namespace
}  // namespace cam::crypto
