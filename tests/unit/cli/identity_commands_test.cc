// `camctl totp ...` and `camctl token issue --totp --bound` run in-process against a fake
// Identity service: what reaches the server, what is printed, and the exit codes.
#include "cli/identity_commands.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cam/v1/identity.grpc.pb.h"
#include "cli/camctl_app.h"

namespace cam::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class FakeIdentity final : public v1::Identity::Service {
 public:
  grpc::Status TokenIssue(grpc::ServerContext*, const v1::TokenIssueRequest* request,
                          v1::TokenIssueResponse* response) override {
    std::lock_guard<std::mutex> lock(mu);
    last_issue = *request;
    response->set_access_token("tok");
    response->add_factors(v1::AUTH_FACTOR_API_KEY);
    if (!request->totp_code().empty()) response->add_factors(v1::AUTH_FACTOR_TOTP);
    return grpc::Status::OK;
  }
  grpc::Status TotpEnroll(grpc::ServerContext*, const v1::TotpEnrollRequest* request,
                          v1::TotpEnrollResponse* response) override {
    std::lock_guard<std::mutex> lock(mu);
    last_enroll = *request;
    response->set_secret_base32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    response->set_otpauth_uri(
        "otpauth://totp/camd:op-1?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=camd");
    response->set_digits(6);
    response->set_period_seconds(30);
    return grpc::Status::OK;
  }
  grpc::Status TotpConfirm(grpc::ServerContext*, const v1::TotpConfirmRequest* request,
                           v1::TotpConfirmResponse*) override {
    std::lock_guard<std::mutex> lock(mu);
    last_confirm = *request;
    if (request->code() != "123456") {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "the credentials are not valid");
    }
    return grpc::Status::OK;
  }
  grpc::Status TotpReset(grpc::ServerContext*, const v1::TotpResetRequest* request,
                         v1::TotpResetResponse* response) override {
    std::lock_guard<std::mutex> lock(mu);
    last_reset = *request;
    response->set_removed(true);
    return grpc::Status::OK;
  }

  std::mutex mu;
  v1::TokenIssueRequest last_issue;
  v1::TotpEnrollRequest last_enroll;
  v1::TotpConfirmRequest last_confirm;
  v1::TotpResetRequest last_reset;
};

class IdentityCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.RegisterService(&identity_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
  }
  void TearDown() override { server_->Shutdown(); }

  struct Result {
    int code;
    std::string out;
    std::string err;
  };

  Result Run(std::vector<std::string> args) {
    std::ostringstream out, err;
    std::istringstream in;
    const CommandEnv env{
        .out = out,
        .err = err,
        .in = in,
        .getenv = [](std::string_view) -> std::optional<std::string> { return std::nullopt; },
        .dial = [this](const ConnectionOptions&)
            -> absl::StatusOr<std::shared_ptr<grpc::ChannelInterface>> {
          return std::shared_ptr<grpc::ChannelInterface>(
              server_->InProcessChannel(grpc::ChannelArguments()));
        }};
    const int code = RunCamctl(std::move(args), env);
    return {code, out.str(), err.str()};
  }

  FakeIdentity identity_;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(IdentityCommandsTest, EnrollPrintsTheSecretAndUriOnceWithAWarning) {
  Result r = Run({"totp", "enroll"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"));
  EXPECT_THAT(r.out, HasSubstr("otpauth://totp/camd:op-1"));
  EXPECT_THAT(r.err, HasSubstr("shown this once"));
  // The warning stays off stdout, so scripts can capture the data.
  EXPECT_THAT(r.out, Not(HasSubstr("shown this once")));
  EXPECT_EQ(identity_.last_enroll.current_code(), "");
}

TEST_F(IdentityCommandsTest, EnrollAsJsonAndWithTheCurrentCode) {
  Result r = Run({"totp", "enroll", "--current-code", "654321", "--output", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["secretBase32"], "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
  EXPECT_EQ(doc["digits"], 6);
  EXPECT_EQ(identity_.last_enroll.current_code(), "654321");
  r = Run({"totp", "enroll", "--field", "otpauth_uri"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "otpauth://totp/camd:op-1?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=camd\n");
}

TEST_F(IdentityCommandsTest, ConfirmSendsTheCodeAndReportsRefusal) {
  Result ok = Run({"totp", "confirm", "123456"});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("active"));
  EXPECT_EQ(identity_.last_confirm.code(), "123456");
  Result refused = Run({"totp", "confirm", "000000"});
  EXPECT_EQ(refused.code, 1);
  EXPECT_THAT(refused.err, HasSubstr("not valid"));
  EXPECT_NE(Run({"totp", "confirm"}).code, 0);  // CODE is required
}

TEST_F(IdentityCommandsTest, ResetNamesThePrincipal) {
  Result r = Run({"totp", "reset", "--principal", "op-7", "--kind", "operator", "--tenant", "t1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(identity_.last_reset.principal_id(), "op-7");
  EXPECT_EQ(identity_.last_reset.principal_kind(), v1::PRINCIPAL_KIND_OPERATOR);
  EXPECT_EQ(identity_.last_reset.tenant(), "t1");
  EXPECT_THAT(r.out, HasSubstr("true"));
  EXPECT_NE(Run({"totp", "reset", "--principal", "op-7"}).code, 0);  // --kind is required
  EXPECT_NE(Run({"totp", "reset", "--principal", "op-7", "--kind", "robot"}).code, 0);
}

TEST_F(IdentityCommandsTest, TokenIssueWithTotpAndBinding) {
  Result r = Run({"token", "issue", "--totp", "123456", "--bound", "--field", "access_token"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "tok\n");
  EXPECT_EQ(identity_.last_issue.totp_code(), "123456");
  EXPECT_TRUE(identity_.last_issue.certificate_bound());
  r = Run({"token", "issue"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(identity_.last_issue.totp_code(), "");
  EXPECT_FALSE(identity_.last_issue.certificate_bound());
}

}  // namespace
}  // namespace cam::cli
