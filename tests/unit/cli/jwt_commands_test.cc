// `camctl jwt verify`: camd's verifier, offline, with its exit codes and reasons.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/camctl_app.h"
#include "identity/jwt_signer.h"

namespace cam::cli {
namespace {

using ::testing::HasSubstr;

class JwtVerifyCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    jwks_ =
        (std::filesystem::temp_directory_path() /
         ("camctl-jwks-" +
          std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".json"))
            .string();
    absl::StatusOr<identity::JwtSigner> signer =
        identity::JwtSigner::Generate(identity::JwsAlgorithm::kEdDSA, "k1");
    ASSERT_TRUE(signer.ok());
    signer_ = std::make_unique<identity::JwtSigner>(*std::move(signer));
    const identity::JwtSigner* signers[] = {signer_.get()};
    std::ofstream(jwks_) << identity::JwtSigner::PublicJwkSetJson(signers);
  }
  void TearDown() override { std::filesystem::remove(jwks_); }

  std::string Issue() {
    absl::StatusOr<identity::IssuedToken> token =
        signer_->Issue({.subject = "agent-1", .scopes = {"memory"}, .kind = "agent"}, kIssuedAt);
    EXPECT_TRUE(token.ok());
    return token->token;
  }

  std::pair<int, std::string> Run(std::vector<std::string> args) {
    std::ostringstream out, err;
    std::istringstream in;
    const CommandEnv env{
        .out = out,
        .err = err,
        .in = in,
        .getenv = [](std::string_view) -> std::optional<std::string> { return std::nullopt; },
        .dial = [](const ConnectionOptions&)
            -> absl::StatusOr<std::shared_ptr<grpc::ChannelInterface>> {
          return absl::UnavailableError("offline");
        }};
    const int code = RunCamctl(std::move(args), env);
    return {code, out.str() + err.str()};
  }

  static std::string At(absl::Duration after_issue) {
    return std::to_string(absl::ToUnixSeconds(kIssuedAt + after_issue));
  }

  static inline const absl::Time kIssuedAt = absl::FromUnixSeconds(1'800'000'000);
  std::string jwks_;
  std::unique_ptr<identity::JwtSigner> signer_;
};

TEST_F(JwtVerifyCommandTest, ValidExpiredTamperedAndForeign) {
  const std::string token = Issue();
  auto [ok, out] = Run({"jwt", "verify", "--jwks", jwks_, "--now", At(absl::Minutes(1)), token});
  EXPECT_EQ(ok, 0) << out;
  EXPECT_THAT(out, HasSubstr("valid sub=agent-1"));

  auto [expired, why] = Run({"jwt", "verify", "--jwks", jwks_, "--now", At(absl::Hours(2)), token});
  EXPECT_EQ(expired, 1);
  EXPECT_THAT(why, HasSubstr("CAM_AUTH_TOKEN_EXPIRED"));

  std::string tampered = token;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  auto [bad, reason] =
      Run({"jwt", "verify", "--jwks", jwks_, "--now", At(absl::Minutes(1)), tampered});
  EXPECT_EQ(bad, 1);
  EXPECT_THAT(reason, HasSubstr("CAM_AUTH_CREDENTIALS_INVALID"));

  EXPECT_EQ(Run({"jwt", "verify", "--jwks", jwks_, "--aud", "other", "--now", At(absl::Minutes(1)),
                 token})
                .first,
            1);
  EXPECT_EQ(Run({"jwt", "verify", "--jwks", jwks_, "--iss", "someone", "--now",
                 At(absl::Minutes(1)), token})
                .first,
            1);
}

TEST_F(JwtVerifyCommandTest, MissingKeySetIsAUsageError) {
  EXPECT_EQ(Run({"jwt", "verify", "--jwks", "/nonexistent/jwks.json", Issue()}).first, 2);
  EXPECT_EQ(Run({"jwt", "verify", Issue()}).first, 2);
}

}  // namespace
}  // namespace cam::cli
