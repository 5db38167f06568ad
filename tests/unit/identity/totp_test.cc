#include "identity/totp.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/testing/status_matchers.h"
#include "tests/testing/vectors.h"

namespace cam::identity {
namespace {

using ::cam::testing::HasReason;

TEST(TotpTest, Rfc6238AppendixBVectors) {
  const nlohmann::json doc =
      cam::testing::LoadJson(cam::testing::VectorsDir() / "rfc/rfc6238-totp.json");
  ASSERT_EQ(doc["tests"].size(), 18u);
  int sha1_rows = 0;
  for (const nlohmann::json& t : doc["tests"]) {
    const std::string mode = t["mode"];
    const TotpHash hash = mode == "SHA1"     ? TotpHash::kSha1
                          : mode == "SHA256" ? TotpHash::kSha256
                                             : TotpHash::kSha512;
    sha1_rows += mode == "SHA1";
    const std::vector<uint8_t> key = cam::testing::Hex(t["secret_hex"].get<std::string>());
    const absl::Time time = absl::FromUnixSeconds(t["time"].get<int64_t>());
    const TotpParams params{.hash = hash, .digits = 8};
    CAM_ASSERT_OK_AND_ASSIGN(uint64_t step, TotpStep(time, params));
    EXPECT_EQ(step, std::stoull(t["T_hex"].get<std::string>(), nullptr, 16)) << t["tcId"];
    CAM_ASSERT_OK_AND_ASSIGN(std::string code, TotpCode(key, time, params));
    EXPECT_EQ(code, t["totp"].get<std::string>()) << t["tcId"];
    // And the verifier accepts it (no replay guard here).
    TotpVerifier verifier(params, nullptr);
    CAM_EXPECT_OK(verifier.Verify(key, code, "u", time));
  }
  EXPECT_EQ(sha1_rows, 6);
}

TEST(TotpTest, SixDigitCodesAreTheLowDigits) {
  const std::vector<uint8_t> key(20, 0x31);
  const absl::Time t = absl::FromUnixSeconds(1111111109);
  CAM_ASSERT_OK_AND_ASSIGN(std::string eight, TotpCode(key, t, {.digits = 8}));
  CAM_ASSERT_OK_AND_ASSIGN(std::string six, TotpCode(key, t, {.digits = 6}));
  EXPECT_EQ(six, eight.substr(2));
  EXPECT_FALSE(TotpCode(key, t, {.digits = 7}).ok());
  EXPECT_FALSE(TotpCode({}, t, {}).ok());
}

class TotpVerifierTest : public ::testing::Test {
 protected:
  std::string CodeAt(absl::Time t) { return *TotpCode(key_, t, params_); }
  const std::vector<uint8_t> key_ = std::vector<uint8_t>(20, 0x42);
  const TotpParams params_{};
  const absl::Time now_ = absl::FromUnixSeconds(1'800'000'015);
  InMemoryTotpReplayGuard guard_;
  TotpVerifier verifier_{params_, &guard_};
};

TEST_F(TotpVerifierTest, WindowIsPlusMinusOneStep) {
  CAM_EXPECT_OK(verifier_.Verify(key_, CodeAt(now_ - absl::Seconds(30)), "a", now_));
  CAM_EXPECT_OK(verifier_.Verify(key_, CodeAt(now_), "b", now_));
  CAM_EXPECT_OK(verifier_.Verify(key_, CodeAt(now_ + absl::Seconds(30)), "c", now_));
  EXPECT_THAT(verifier_.Verify(key_, CodeAt(now_ - absl::Seconds(60)), "d", now_),
              HasReason("CAM_AUTH_CREDENTIALS_INVALID"));
  EXPECT_THAT(verifier_.Verify(key_, CodeAt(now_ + absl::Seconds(60)), "e", now_),
              HasReason("CAM_AUTH_CREDENTIALS_INVALID"));
}

TEST_F(TotpVerifierTest, ReplayOfTheSameStepIsRefused) {
  const std::string code = CodeAt(now_);
  CAM_ASSERT_OK(verifier_.Verify(key_, code, "alice", now_));
  EXPECT_THAT(verifier_.Verify(key_, code, "alice", now_ + absl::Seconds(5)),
              HasReason("CAM_AUTH_CREDENTIALS_INVALID"));
  // An older code after a newer one is refused too.
  EXPECT_THAT(verifier_.Verify(key_, CodeAt(now_ - absl::Seconds(30)), "alice", now_),
              HasReason("CAM_AUTH_CREDENTIALS_INVALID"));
  // Another subject is independent; the next step works for alice.
  CAM_EXPECT_OK(verifier_.Verify(key_, code, "bob", now_));
  CAM_EXPECT_OK(
      verifier_.Verify(key_, CodeAt(now_ + absl::Seconds(30)), "alice", now_ + absl::Seconds(30)));
}

TEST_F(TotpVerifierTest, MalformedCodes) {
  const std::string code = CodeAt(now_);
  for (const std::string& bad :
       {std::string(""), code.substr(1), code + "0", std::string("abcdef"), std::string("12 456"),
        std::string("-12345"), std::string("１２３４５６")}) {
    EXPECT_THAT(verifier_.Verify(key_, bad, "m", now_), HasReason("CAM_AUTH_CREDENTIALS_INVALID"))
        << bad;
  }
  std::string wrong = code;
  wrong[5] = wrong[5] == '9' ? '0' : static_cast<char>(wrong[5] + 1);
  EXPECT_THAT(verifier_.Verify(key_, wrong, "m", now_), HasReason("CAM_AUTH_CREDENTIALS_INVALID"));
  const std::vector<uint8_t> other_key(20, 0x43);
  EXPECT_THAT(verifier_.Verify(other_key, code, "m", now_),
              HasReason("CAM_AUTH_CREDENTIALS_INVALID"));
}

TEST(InMemoryTotpReplayGuardTest, BoundedAndPrunable) {
  InMemoryTotpReplayGuard guard(8);
  for (uint64_t i = 0; i < 100; ++i) {
    EXPECT_TRUE(guard.Accept("s" + std::to_string(i), 1000 + i));
    EXPECT_LE(guard.size(), 8u);
  }
  guard.Prune(1099);
  EXPECT_LE(guard.size(), 1u);
  EXPECT_FALSE(guard.Accept("s99", 1099));
}

}  // namespace
}  // namespace cam::identity
