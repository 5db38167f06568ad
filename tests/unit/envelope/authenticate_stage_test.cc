#include "envelope/stages/authenticate_stage.h"

#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"
#include "tests/unit/envelope/test_calls.h"

namespace cam::envelope {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;
using testing::VerifiedCert;

TEST(AuthenticateStageTest, SpiffeIdentityGivesKindAndId) {
  AuthenticateStage stage({}, nullptr);
  Call call;
  call.peer.certificate = VerifiedCert("spiffe://cam.local/operator/admin");
  ASSERT_THAT(stage.OnRequest(call), IsOk());
  ASSERT_TRUE(call.principal.has_value());
  EXPECT_EQ(call.principal->id, "admin");
  EXPECT_TRUE(call.principal->is_operator());
  EXPECT_EQ(call.principal->tenant, "default");
  EXPECT_EQ(call.principal->factors, std::vector<std::string>{"mtls"});

  call = Call();
  call.peer.certificate = VerifiedCert("spiffe://cam.local/agent/agent-1");
  ASSERT_THAT(stage.OnRequest(call), IsOk());
  EXPECT_EQ(call.principal->kind, PrincipalKind::kAgent);
}

TEST(AuthenticateStageTest, RefusesMissingUnverifiedAndForeignIdentities) {
  AuthenticateStage stage({}, nullptr);
  Call call;
  EXPECT_THAT(stage.OnRequest(call), HasReason("CAM_AUTH_CLIENT_CERT_REQUIRED"));

  call.peer.certificate = VerifiedCert("spiffe://cam.local/agent/a");
  call.peer.certificate.verified = false;
  EXPECT_THAT(stage.OnRequest(call), HasReason("CAM_AUTH_CLIENT_CERT_INVALID"));

  for (const char* uri : {"spiffe://evil.example/operator/admin", "spiffe://cam.local/root/x",
                          "spiffe://cam.local/agent/", "spiffe://cam.local/agent/a/b",
                          "spiffe://cam.local"}) {
    Call bad;
    bad.peer.certificate = VerifiedCert(uri);
    EXPECT_THAT(stage.OnRequest(bad), HasReason("CAM_AUTH_CLIENT_CERT_INVALID")) << uri;
    EXPECT_FALSE(bad.principal.has_value()) << uri;
  }
}

TEST(AuthenticateStageTest, CommonNameFallbackIsAnAgent) {
  AuthenticateStage stage({.trust_domain = "example.org", .default_tenant = "t1"}, nullptr);
  Call call;
  call.peer.certificate.present = call.peer.certificate.verified = true;
  call.peer.certificate.subject_common_name = "worker-7";
  ASSERT_THAT(stage.OnRequest(call), IsOk());
  EXPECT_EQ(call.principal->id, "worker-7");
  EXPECT_EQ(call.principal->kind, PrincipalKind::kAgent);
  EXPECT_EQ(call.principal->tenant, "t1");

  Call odd;
  odd.peer.certificate.present = odd.peer.certificate.verified = true;
  odd.peer.certificate.subject_common_name = "CN with spaces";
  EXPECT_THAT(stage.OnRequest(odd), HasReason("CAM_AUTH_CLIENT_CERT_INVALID"));
}

}  // namespace
}  // namespace cam::envelope
