// Credentials from an authorization value, the authenticate stage with a credential verifier,
// and the two-factor and scope rules of the authorize stage.
#include "envelope/credentials.h"

#include <gtest/gtest.h>

#include "base/reasons.h"
#include "envelope/owner_authorizer.h"
#include "envelope/stages/authenticate_stage.h"
#include "envelope/stages/authorize_stage.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/envelope/test_calls.h"

namespace cam::envelope {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;
using testing::VerifiedCert;

TEST(CredentialsTest, ParsesBearerAndApiKeyCaseInsensitively) {
  EXPECT_EQ(ParseAuthorization("Bearer abc.def.ghi").bearer_token, "abc.def.ghi");
  EXPECT_EQ(ParseAuthorization("bearer abc").bearer_token, "abc");
  EXPECT_EQ(ParseAuthorization("ApiKey cam_x_y").api_key, "cam_x_y");
  EXPECT_EQ(ParseAuthorization("APIKEY cam_x_y").api_key, "cam_x_y");
  EXPECT_TRUE(ParseAuthorization("").empty() == false);
}

TEST(CredentialsTest, AnythingElseIsMalformedNotIgnored) {
  for (const char* value : {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer  two", "Bearer a b",
                            "Bearer a\x01", "Token abc", "abc"}) {
    const Credentials parsed = ParseAuthorization(value);
    EXPECT_TRUE(parsed.malformed) << value;
    EXPECT_TRUE(parsed.bearer_token.empty() && parsed.api_key.empty()) << value;
  }
  EXPECT_TRUE(ParseAuthorization("Bearer " + std::string(20000, 'a')).malformed);
}

// Accepts the token "good-<id>" as agent <id> and the key "cam_k_<id>" as service <id>.
class FakeVerifier : public CredentialVerifier {
 public:
  absl::StatusOr<Principal> VerifyBearerToken(std::string_view token, const Call&) const override {
    if (!token.starts_with("good-"))
      return base::Error(base::Reason::kAuthCredentialsInvalid, "bad");
    return Principal{.id = std::string(token.substr(5)),
                     .kind = PrincipalKind::kAgent,
                     .tenant = "default",
                     .scopes = {"memory.read"},
                     .factors = {"token"}};
  }
  absl::StatusOr<Principal> VerifyApiKey(std::string_view key, const Call&) const override {
    if (!key.starts_with("cam_k_"))
      return base::Error(base::Reason::kAuthCredentialsInvalid, "bad");
    return Principal{.id = std::string(key.substr(6)),
                     .kind = PrincipalKind::kService,
                     .tenant = "default",
                     .scopes = {},
                     .factors = {"api_key"}};
  }
};

TEST(AuthenticateWithCredentialsTest, TokenForTheCertificateIdentityAddsTheMtlsFactor) {
  FakeVerifier verifier;
  AuthenticateStage stage({}, &verifier);
  Call call;
  call.peer.certificate = VerifiedCert("spiffe://cam.local/agent/agent-1");
  call.credentials = ParseAuthorization("Bearer good-agent-1");
  ASSERT_THAT(stage.OnRequest(call), IsOk());
  EXPECT_EQ(call.principal->id, "agent-1");
  EXPECT_EQ(call.principal->factors, (std::vector<std::string>{"mtls", "token"}));

  Call other;
  other.peer.certificate = VerifiedCert("spiffe://cam.local/agent/agent-2");
  other.credentials = ParseAuthorization("Bearer good-agent-1");
  ASSERT_THAT(stage.OnRequest(other), IsOk());
  EXPECT_EQ(other.principal->id, "agent-1");
  EXPECT_EQ(other.principal->factors, std::vector<std::string>{"token"});
}

TEST(AuthenticateWithCredentialsTest, BadOrUnverifiableCredentialsAreRefused) {
  FakeVerifier verifier;
  AuthenticateStage stage({}, &verifier);
  AuthenticateStage without_verifier({}, nullptr);
  for (const char* value : {"Bearer forged", "ApiKey nope", "Basic abc"}) {
    Call call;
    call.peer.certificate = VerifiedCert("spiffe://cam.local/agent/agent-1");
    call.credentials = ParseAuthorization(value);
    EXPECT_THAT(stage.OnRequest(call), HasReason("CAM_AUTH_CREDENTIALS_INVALID")) << value;
    EXPECT_FALSE(call.principal.has_value());
  }
  Call call;
  call.peer.certificate = VerifiedCert("spiffe://cam.local/agent/agent-1");
  call.credentials = ParseAuthorization("Bearer good-agent-1");
  EXPECT_THAT(without_verifier.OnRequest(call), HasReason("CAM_AUTH_CREDENTIALS_INVALID"));
  // The certificate stays mandatory, credential or not.
  Call no_cert;
  no_cert.credentials = ParseAuthorization("ApiKey cam_k_svc");
  EXPECT_THAT(stage.OnRequest(no_cert), HasReason("CAM_AUTH_CLIENT_CERT_REQUIRED"));
}

class NoDirectory : public NamespaceDirectory {
 public:
  absl::StatusOr<std::optional<NamespaceOwnership>> Owner(const std::string&) const override {
    return std::optional<NamespaceOwnership>();
  }
};

TEST(AuthorizeFactorsTest, OperatorOnlyNeedsTwoFactors) {
  NoDirectory directory;
  OwnerAuthorizer authorizer(&directory);
  AuthorizeStage stage(&authorizer, /*require_operator_mfa=*/true);
  Principal op = testing::Operator("admin");
  Call call;
  call.method = &testing::Method("cam.v1.Memory.ContextRestore");
  call.principal = op;
  EXPECT_THAT(stage.OnRequest(call), HasReason("CAM_AUTH_MFA_REQUIRED"));
  EXPECT_EQ(call.decision.rule, "operator-mfa");
  call.principal->factors = {"mtls", "token"};
  EXPECT_THAT(stage.OnRequest(call), IsOk());
  call.principal->factors = {"token", "totp"};
  EXPECT_THAT(stage.OnRequest(call), IsOk());
  call.principal->factors = {"api_key"};
  EXPECT_THAT(stage.OnRequest(call), HasReason("CAM_AUTH_MFA_REQUIRED"));
  // Methods that are not operator-only are unaffected.
  Call list;
  list.method = &testing::Method("cam.v1.Memory.NamespaceList");
  list.principal = op;
  EXPECT_THAT(stage.OnRequest(list), IsOk());
}

TEST(AuthorizeFactorsTest, ScopesBoundWhatACredentialCanDo) {
  Principal p = testing::Agent("agent-1");
  EXPECT_TRUE(p.ScopesAllow("memory.write"));  // no scopes: a certificate identity
  p.scopes = {"memory.read"};
  EXPECT_TRUE(p.ScopesAllow("memory.read"));
  EXPECT_FALSE(p.ScopesAllow("memory.write"));
  p.scopes = {"memory"};
  EXPECT_TRUE(p.ScopesAllow("memory.write"));
  EXPECT_FALSE(p.ScopesAllow("memoryx.write"));
  EXPECT_FALSE(p.ScopesAllow("crypto.sign"));

  NoDirectory directory;
  OwnerAuthorizer authorizer(&directory);
  AuthorizeStage stage(&authorizer, true);
  Call call;
  call.method = &testing::Method("cam.v1.Memory.NamespaceCreate");
  call.principal = testing::Agent("agent-1");
  call.principal->scopes = {"memory.read"};
  EXPECT_THAT(stage.OnRequest(call), HasReason("CAM_AUTHZ_DENIED"));
  EXPECT_EQ(call.decision.rule, "credential-scope");
}

}  // namespace
}  // namespace cam::envelope
