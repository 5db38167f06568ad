#include "envelope/owner_authorizer.h"

#include <gtest/gtest.h>

#include <map>

#include "envelope/stages/authorize_stage.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/envelope/test_calls.h"

namespace cam::envelope {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;

using testing::FakeDirectory;

Call CallFor(const std::string& method, Principal principal, std::string ns = "") {
  Call call;
  call.method = &testing::Method(method);
  call.principal = std::move(principal);
  call.resource_namespace = std::move(ns);
  return call;
}

class OwnerAuthorizerTest : public ::testing::Test {
 protected:
  void SetUp() override { directory_.owners["team-a"] = {.owner = "agent-1", .tenant = "default"}; }
  FakeDirectory directory_;
  OwnerAuthorizer authorizer_{&directory_};
  AuthorizeStage stage_{&authorizer_, /*require_operator_mfa=*/false};
};

TEST_F(OwnerAuthorizerTest, OwnerAllowedOthersDeniedAlike) {
  Call owner = CallFor("cam.v1.Memory.ContextWrite", testing::Agent("agent-1"), "team-a");
  EXPECT_THAT(stage_.OnRequest(owner), IsOk());
  EXPECT_EQ(owner.decision.rule, "namespace-owner");

  Call other = CallFor("cam.v1.Memory.ContextRead", testing::Agent("agent-2"), "team-a");
  EXPECT_THAT(stage_.OnRequest(other), HasReason("CAM_AUTHZ_DENIED"));
  Call missing = CallFor("cam.v1.Memory.ContextRead", testing::Agent("agent-2"), "nope");
  absl::Status denied_missing = stage_.OnRequest(missing);
  // A namespace that does not exist is refused exactly like one owned by someone else.
  EXPECT_THAT(denied_missing, HasReason("CAM_AUTHZ_DENIED"));
  EXPECT_EQ(missing.decision.rule, other.decision.rule);

  Principal other_tenant = testing::Agent("agent-1");
  other_tenant.tenant = "other";
  Call cross = CallFor("cam.v1.Memory.ContextRead", other_tenant, "team-a");
  EXPECT_THAT(stage_.OnRequest(cross), HasReason("CAM_AUTHZ_DENIED"));
}

TEST_F(OwnerAuthorizerTest, OperatorOnlyMethods) {
  Call restore = CallFor("cam.v1.Memory.ContextRestore", testing::Agent("agent-1"), "team-a");
  EXPECT_THAT(stage_.OnRequest(restore), HasReason("CAM_AUTHZ_DENIED"));
  EXPECT_EQ(restore.decision.rule, "operator-only");
  Call op = CallFor("cam.v1.Memory.ContextRestore", testing::Operator("admin"), "team-a");
  EXPECT_THAT(stage_.OnRequest(op), IsOk());
}

TEST_F(OwnerAuthorizerTest, SelfServiceAndDenyByDefault) {
  Call create = CallFor("cam.v1.Memory.NamespaceCreate", testing::Agent("x"), "new");
  EXPECT_THAT(stage_.OnRequest(create), IsOk());
  Call list = CallFor("cam.v1.Memory.NamespaceList", testing::Agent("x"));
  EXPECT_THAT(stage_.OnRequest(list), IsOk());
  // A method with no namespace and no self-service rule is denied to agents.
  Call crypto = CallFor("cam.v1.Crypto.Encrypt", testing::Agent("agent-1"));
  EXPECT_THAT(stage_.OnRequest(crypto), HasReason("CAM_AUTHZ_DENIED"));
  Call nobody;
  nobody.method = &testing::Method("cam.v1.Memory.ContextRead");
  EXPECT_THAT(stage_.OnRequest(nobody), HasReason("CAM_AUTHZ_DENIED"));
}

TEST_F(OwnerAuthorizerTest, DirectoryFailureFailsClosed) {
  directory_.fail = true;
  Call call = CallFor("cam.v1.Memory.ContextRead", testing::Agent("agent-1"), "team-a");
  absl::Status status = stage_.OnRequest(call);
  EXPECT_FALSE(status.ok());
  EXPECT_FALSE(call.decision.allowed);
}

TEST_F(OwnerAuthorizerTest, OperatorsStayInTheirTenant) {
  directory_.owners["alpha-ns"] = {.owner = "agent-9", .tenant = "alpha"};
  Principal beta_op = testing::Operator("ops");
  beta_op.tenant = "beta";
  Principal alpha_op = testing::Operator("ops");
  alpha_op.tenant = "alpha";
  for (const char* method : {"cam.v1.Memory.ContextRead", "cam.v1.Memory.ContextWrite",
                             "cam.v1.Memory.ContextRestore", "cam.v1.Memory.NamespaceDelete"}) {
    Call foreign = CallFor(method, beta_op, "alpha-ns");
    EXPECT_THAT(stage_.OnRequest(foreign), HasReason("CAM_AUTHZ_DENIED")) << method;
    EXPECT_EQ(foreign.decision.rule, "cross-tenant") << method;
    Call own = CallFor(method, alpha_op, "alpha-ns");
    EXPECT_THAT(stage_.OnRequest(own), IsOk()) << method;
    EXPECT_EQ(own.decision.rule, "operator") << method;
  }
  // Missing namespaces are refused like foreign ones, so they cannot be told apart...
  Call missing = CallFor("cam.v1.Memory.ContextRead", beta_op, "nope");
  EXPECT_THAT(stage_.OnRequest(missing), HasReason("CAM_AUTHZ_DENIED"));
  // ...except by creation, which works for a free name and is refused for a foreign one.
  Call create = CallFor("cam.v1.Memory.NamespaceCreate", beta_op, "nope");
  EXPECT_THAT(stage_.OnRequest(create), IsOk());
  Call take = CallFor("cam.v1.Memory.NamespaceCreate", beta_op, "alpha-ns");
  EXPECT_THAT(stage_.OnRequest(take), HasReason("CAM_AUTHZ_DENIED"));
  // Calls naming no namespace are unaffected.
  Call list = CallFor("cam.v1.Memory.NamespaceList", beta_op);
  EXPECT_THAT(stage_.OnRequest(list), IsOk());
}

TEST_F(OwnerAuthorizerTest, AgentsCannotCreateANameAnotherTenantHolds) {
  Principal other_tenant = testing::Agent("agent-1");
  other_tenant.tenant = "other";
  Call take = CallFor("cam.v1.Memory.NamespaceCreate", other_tenant, "team-a");
  EXPECT_THAT(stage_.OnRequest(take), HasReason("CAM_AUTHZ_DENIED"));
  EXPECT_EQ(take.decision.rule, "cross-tenant");
}

}  // namespace
}  // namespace cam::envelope
