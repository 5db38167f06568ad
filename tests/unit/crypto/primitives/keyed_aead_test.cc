#include "crypto/primitives/keyed_aead.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "base/secure_buffer.h"
#include "crypto/primitives/aead.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/crypto/primitives/aead_test_params.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;

class KeyedAeadTest : public ::testing::TestWithParam<AeadAlgorithm> {
 protected:
  std::unique_ptr<KeyedAead> Keyed(const std::vector<uint8_t>& key) const {
    absl::StatusOr<std::unique_ptr<KeyedAead>> aead =
        KeyedAead::Create(GetParam(), base::SecureBuffer::CopyOf(key));
    EXPECT_THAT(aead.status(), IsOk());
    return aead.ok() ? *std::move(aead) : nullptr;
  }

  std::vector<uint8_t> Seal(const KeyedAead& aead, const std::vector<uint8_t>& nonce,
                            const std::vector<uint8_t>& plaintext,
                            const std::vector<uint8_t>& aad) const {
    std::vector<uint8_t> out(plaintext.size() + kAeadTagSize);
    EXPECT_THAT(aead.SealInto(nonce, plaintext, aad, out), IsOk());
    return out;
  }

  absl::Status Open(const KeyedAead& aead, const std::vector<uint8_t>& nonce,
                    const std::vector<uint8_t>& sealed, const std::vector<uint8_t>& aad,
                    std::vector<uint8_t>* plaintext = nullptr) const {
    std::vector<uint8_t> out(sealed.size() < kAeadTagSize ? 0 : sealed.size() - kAeadTagSize);
    absl::Status status = aead.OpenInto(nonce, sealed, aad, out);
    if (plaintext != nullptr) *plaintext = out;
    return status;
  }

  const std::vector<uint8_t> key_ = Pattern(kAeadKeySize, 1);
};

TEST_P(KeyedAeadTest, SealsAndOpensExactlyAsTheOneShotFunctionsAcrossReusedContexts) {
  std::unique_ptr<KeyedAead> aead = Keyed(key_);
  ASSERT_NE(aead, nullptr);
  std::mt19937 rng(11);
  // Lengths across block boundaries, in an order that makes each call reuse a context that
  // last sealed or opened a message of another length, nonce and associated data.
  for (int round = 0; round < 200; ++round) {
    const std::vector<uint8_t> nonce = Pattern(kAeadNonceSize, static_cast<uint8_t>(rng()));
    const std::vector<uint8_t> plaintext = Pattern(rng() % 300, static_cast<uint8_t>(rng()));
    const std::vector<uint8_t> aad = Pattern(rng() % 40, static_cast<uint8_t>(rng()));
    CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> expected,
                             AeadSeal(GetParam(), key_, nonce, plaintext, aad));
    const std::vector<uint8_t> sealed = Seal(*aead, nonce, plaintext, aad);
    ASSERT_EQ(sealed, expected) << "round " << round;
    std::vector<uint8_t> opened;
    ASSERT_THAT(Open(*aead, nonce, sealed, aad, &opened), IsOk());
    ASSERT_EQ(opened, plaintext) << "round " << round;
  }
  // One call at a time: one context per direction was made and is being reused.
  EXPECT_EQ(aead->idle_contexts(/*for_seal=*/true), 1u);
  EXPECT_EQ(aead->idle_contexts(/*for_seal=*/false), 1u);
}

TEST_P(KeyedAeadTest, AFailedOpenLeavesNothingForTheNextMessage) {
  std::unique_ptr<KeyedAead> aead = Keyed(key_);
  ASSERT_NE(aead, nullptr);
  const std::vector<uint8_t> nonce = Pattern(kAeadNonceSize, 2);
  const std::vector<uint8_t> aad = Pattern(9, 3);
  const std::vector<uint8_t> plaintext = Pattern(77, 4);
  const std::vector<uint8_t> sealed = Seal(*aead, nonce, plaintext, aad);
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::vector<uint8_t> bad = sealed;
    bad[i] ^= 0x40;
    std::vector<uint8_t> out;
    const absl::Status failed = Open(*aead, nonce, bad, aad, &out);
    EXPECT_THAT(failed, HasReason("CAM_CRYPTO_DECRYPT_FAILED"));
    EXPECT_EQ(out, std::vector<uint8_t>(plaintext.size(), 0)) << "byte " << i;
    // The same (reused) context then opens the genuine message.
    std::vector<uint8_t> opened;
    ASSERT_THAT(Open(*aead, nonce, sealed, aad, &opened), IsOk()) << "byte " << i;
    EXPECT_EQ(opened, plaintext);
  }
  EXPECT_EQ(aead->idle_contexts(/*for_seal=*/false), 1u);
}

TEST_P(KeyedAeadTest, FailuresAreTheOneShotFunctionsUniformError) {
  std::unique_ptr<KeyedAead> aead = Keyed(key_);
  ASSERT_NE(aead, nullptr);
  const std::vector<uint8_t> nonce = Pattern(kAeadNonceSize, 2);
  const std::vector<uint8_t> sealed = Seal(*aead, nonce, Pattern(10, 5), {});
  const absl::Status reference = AeadOpen(GetParam(), key_, nonce, Pattern(26, 9), {}).status();
  std::vector<uint8_t> other_key = key_;
  other_key[0] ^= 1;
  const std::vector<absl::Status> failures = {
      Open(*Keyed(other_key), nonce, sealed, {}),
      Open(*aead, Pattern(8, 2), sealed, {}),
      Open(*aead, nonce, std::vector<uint8_t>(sealed.begin(), sealed.begin() + 5), {}),
      Open(*aead, nonce, sealed, Pattern(1, 1)),
  };
  for (const absl::Status& s : failures) {
    EXPECT_THAT(s, HasReason("CAM_CRYPTO_DECRYPT_FAILED"));
    EXPECT_EQ(s.message(), reference.message());
    EXPECT_EQ(s.code(), reference.code());
  }
}

TEST_P(KeyedAeadTest, RefusesWrongKeyNonceAndOutputSizes) {
  EXPECT_THAT(KeyedAead::Create(GetParam(), base::SecureBuffer::CopyOf(Pattern(16, 1))).status(),
              HasReason("CAM_CRYPTO_INVALID_INPUT"));
  std::unique_ptr<KeyedAead> aead = Keyed(key_);
  ASSERT_NE(aead, nullptr);
  std::vector<uint8_t> out(10 + kAeadTagSize, 0xAA);
  EXPECT_THAT(aead->SealInto(Pattern(8, 1), Pattern(10, 2), {}, out),
              HasReason("CAM_CRYPTO_INVALID_INPUT"));
  EXPECT_EQ(out, std::vector<uint8_t>(out.size(), 0));
  std::vector<uint8_t> short_out(10, 0xAA);
  EXPECT_THAT(aead->SealInto(Pattern(kAeadNonceSize, 1), Pattern(10, 2), {}, short_out),
              HasReason("CAM_CRYPTO_INVALID_INPUT"));
  EXPECT_EQ(short_out, std::vector<uint8_t>(short_out.size(), 0));
  // A failed seal does not keep its context; a good one afterwards still matches AeadSeal.
  EXPECT_EQ(aead->idle_contexts(/*for_seal=*/true), 0u);
  const std::vector<uint8_t> nonce = Pattern(kAeadNonceSize, 3);
  CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> expected,
                           AeadSeal(GetParam(), key_, nonce, Pattern(10, 2), {}));
  EXPECT_EQ(Seal(*aead, nonce, Pattern(10, 2), {}), expected);
}

TEST_P(KeyedAeadTest, RandomNonceFormOpensWithTheOneShotFunctionAndBack) {
  std::unique_ptr<KeyedAead> aead = Keyed(key_);
  ASSERT_NE(aead, nullptr);
  const std::vector<uint8_t> plaintext = Pattern(100, 6);
  const std::vector<uint8_t> aad = Pattern(12, 7);
  std::vector<uint8_t> sealed(kAeadNonceSize + plaintext.size() + kAeadTagSize);
  ASSERT_THAT(aead->SealWithRandomNonceInto(plaintext, aad, sealed), IsOk());
  CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> opened,
                           AeadOpenWithPrependedNonce(GetParam(), key_, sealed, aad));
  EXPECT_EQ(opened, plaintext);

  CAM_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> one_shot,
                           AeadSealWithRandomNonce(GetParam(), key_, plaintext, aad));
  std::vector<uint8_t> out(plaintext.size());
  ASSERT_THAT(aead->OpenWithPrependedNonceInto(one_shot, aad, out), IsOk());
  EXPECT_EQ(out, plaintext);
  std::vector<uint8_t> too_short(3);
  EXPECT_THAT(aead->OpenWithPrependedNonceInto(too_short, aad, out),
              HasReason("CAM_CRYPTO_DECRYPT_FAILED"));
  EXPECT_EQ(out, std::vector<uint8_t>(out.size(), 0));
}

TEST_P(KeyedAeadTest, ConcurrentCallsEachGetTheirOwnContext) {
  std::unique_ptr<KeyedAead> aead = Keyed(key_);
  ASSERT_NE(aead, nullptr);
  // More threads than the pool keeps contexts, so a burst can exceed the cap.
  constexpr int kThreads = 12;
  std::vector<std::thread> threads;
  std::vector<int> mismatches(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        const std::vector<uint8_t> nonce =
            Pattern(kAeadNonceSize, static_cast<uint8_t>(t * 37 + i));
        const std::vector<uint8_t> plaintext =
            Pattern(static_cast<size_t>(i % 70), static_cast<uint8_t>(t));
        std::vector<uint8_t> sealed(plaintext.size() + kAeadTagSize);
        std::vector<uint8_t> opened(plaintext.size());
        absl::StatusOr<std::vector<uint8_t>> expected =
            AeadSeal(GetParam(), key_, nonce, plaintext, {});
        if (!aead->SealInto(nonce, plaintext, {}, sealed).ok() || !expected.ok() ||
            sealed != *expected || !aead->OpenInto(nonce, sealed, {}, opened).ok() ||
            opened != plaintext) {
          ++mismatches[static_cast<size_t>(t)];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(kThreads, 0));
  EXPECT_GE(aead->idle_contexts(/*for_seal=*/true), 1u);
  EXPECT_LE(aead->idle_contexts(/*for_seal=*/true), KeyedAead::kMaxIdleContexts);
  EXPECT_LE(aead->idle_contexts(/*for_seal=*/false), KeyedAead::kMaxIdleContexts);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, KeyedAeadTest, AllAeadAlgorithms(), AeadAlgorithmName);

}  // namespace
}  // namespace cam::crypto
