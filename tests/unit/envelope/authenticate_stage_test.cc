#include "envelope/stages/authenticate_stage.h"

#include <gtest/gtest.h>

#include "base/reasons.h"
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

  for (const char* uri :
       {"spiffe://evil.example/operator/admin", "spiffe://cam.local/root/x",
        "spiffe://cam.local/agent/", "spiffe://cam.local/agent/a/b", "spiffe://cam.local"}) {
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

// A mapper standing in for the identity layer's CertificatePolicy.
class FakeMapper : public CertificateMapper {
 public:
  absl::StatusOr<std::optional<Principal>> Map(const PeerCertificate& cert) const override {
    ++calls;
    if (cert.serial_hex == "dead") {
      return base::Error(base::Reason::kAuthClientCertRevoked, "revoked");
    }
    if (!mapping) return std::optional<Principal>();
    if (cert.uri_sans.empty()) {
      return base::Error(base::Reason::kAuthClientCertInvalid,
                         "certificate matches no client class");
    }
    return std::optional<Principal>(Principal{
        .id = "mapped", .kind = PrincipalKind::kService, .tenant = "beta", .factors = {"mtls"}});
  }
  bool mapping = true;
  mutable int calls = 0;
};

TEST(AuthenticateStageTest, MapperDecidesKindTenantAndRefusals) {
  FakeMapper mapper;
  AuthenticateStage stage({}, nullptr, &mapper);
  Call call;
  call.peer.certificate = VerifiedCert("spiffe://cam.local/agent/agent-1");
  ASSERT_THAT(stage.OnRequest(call), IsOk());
  EXPECT_EQ(call.principal->id, "mapped");
  EXPECT_EQ(call.principal->kind, PrincipalKind::kService);
  EXPECT_EQ(call.principal->tenant, "beta");

  Call revoked;
  revoked.peer.certificate = VerifiedCert("spiffe://cam.local/agent/agent-1");
  revoked.peer.certificate.serial_hex = "dead";
  absl::Status status = stage.OnRequest(revoked);
  EXPECT_THAT(status, HasReason("CAM_AUTH_CLIENT_CERT_REVOKED"));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_FALSE(revoked.principal.has_value());

  Call unmatched;
  unmatched.peer.certificate.present = unmatched.peer.certificate.verified = true;
  unmatched.peer.certificate.subject_common_name = "worker-7";
  EXPECT_THAT(stage.OnRequest(unmatched), HasReason("CAM_AUTH_CLIENT_CERT_INVALID"));

  // The mapper is never asked about a certificate the TLS layer did not verify.
  const int before = mapper.calls;
  Call unverified;
  unverified.peer.certificate = VerifiedCert("spiffe://cam.local/agent/agent-1");
  unverified.peer.certificate.verified = false;
  EXPECT_THAT(stage.OnRequest(unverified), HasReason("CAM_AUTH_CLIENT_CERT_INVALID"));
  EXPECT_EQ(mapper.calls, before);
}

TEST(AuthenticateStageTest, RevokedCertificateRefusedEvenWithAToken) {
  FakeMapper mapper;
  AuthenticateStage stage({}, nullptr, &mapper);
  Call call;
  call.peer.certificate = VerifiedCert("spiffe://cam.local/agent/agent-1");
  call.peer.certificate.serial_hex = "dead";
  call.credentials.bearer_token = "some.token.value";
  EXPECT_THAT(stage.OnRequest(call), HasReason("CAM_AUTH_CLIENT_CERT_REVOKED"));
}

TEST(AuthenticateStageTest, MapperWithoutClassesKeepsBuiltInMapping) {
  FakeMapper mapper;
  mapper.mapping = false;
  AuthenticateStage stage({.default_tenant = "t1"}, nullptr, &mapper);
  Call call;
  call.peer.certificate = VerifiedCert("spiffe://cam.local/operator/admin");
  ASSERT_THAT(stage.OnRequest(call), IsOk());
  EXPECT_EQ(call.principal->id, "admin");
  EXPECT_TRUE(call.principal->is_operator());
  EXPECT_EQ(call.principal->tenant, "t1");
  EXPECT_EQ(mapper.calls, 1);
}

}  // namespace
}  // namespace cam::envelope
