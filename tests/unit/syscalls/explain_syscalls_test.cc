// ExplainAction: a caller sees its own decisions, an operator those of its tenant, nobody else
// anything, and "not yours" is indistinguishable from "never existed".
#include "syscalls/observe/explain_syscalls.h"

#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace cam::syscalls {
namespace {

using ::cam::testing::HasReason;

audit::AuditRecord Denied() {
  audit::AuditRecord record;
  record.time = absl::FromUnixSeconds(1767225600);
  record.request_id = "req-1";
  record.decision_id = "dec-1";
  record.principal = "agent-1";
  record.principal_kind = "agent";
  record.tenant = "acme";
  record.action = "memory.read";
  record.resource = "ns/team/secret";
  record.decision = "lock/no";
  record.allowed = false;
  record.outcome = "CAM_AUTHZ_DENIED";
  record.matched_rules = {
      {.policy_id = "lock", .policy_version = 2, .rule_id = "no", .effect = "deny"},
      {.policy_id = "open", .policy_version = 1, .rule_id = "all", .effect = "allow"},
      {.policy_id = "trial",
       .policy_version = 4,
       .rule_id = "t",
       .effect = "allow",
       .shadow = true}};
  return record;
}

envelope::Call CallAs(std::string id, envelope::PrincipalKind kind, std::string tenant) {
  envelope::Call call;
  call.principal =
      envelope::Principal{.id = std::move(id), .kind = kind, .tenant = std::move(tenant)};
  return call;
}

class ExplainSyscallsTest : public ::testing::Test {
 protected:
  void SetUp() override { log_.Add(Denied()); }
  audit::DecisionLog log_;
  ExplainSyscalls explain_{&log_};
};

TEST_F(ExplainSyscallsTest, TheSubjectSeesItsDecisionWithEveryMatchedRule) {
  envelope::Call call = CallAs("agent-1", envelope::PrincipalKind::kAgent, "acme");
  v1::ExplainActionRequest request;
  request.set_request_id("req-1");
  auto response = explain_.ExplainAction(call, request);
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_EQ(response->chain_size(), 1);
  const v1::DecisionRecord& record = response->chain(0);
  EXPECT_EQ(record.decision_id(), "dec-1");
  EXPECT_EQ(record.kind(), v1::DECISION_KIND_AUTHORIZATION);
  EXPECT_FALSE(record.allowed());
  EXPECT_EQ(record.reason(), v1::DECISION_REASON_EXPLICIT_DENY);
  EXPECT_EQ(record.reason_code(), "CAM_AUTHZ_DENIED");
  EXPECT_EQ(record.principal_kind(), v1::PRINCIPAL_KIND_AGENT);
  ASSERT_EQ(record.matched_rules_size(), 2);
  EXPECT_EQ(record.matched_rules(0).policy_version(), 2);
  EXPECT_EQ(record.matched_rules(0).effect(), v1::POLICY_EFFECT_DENY);
  EXPECT_EQ(record.matched_rules(1).effect(), v1::POLICY_EFFECT_ALLOW);
  ASSERT_EQ(record.shadow_matched_rules_size(), 1);
  EXPECT_TRUE(record.shadow_matched_rules(0).shadow());
  EXPECT_EQ(record.decide_time().seconds(), 1767225600);
  EXPECT_EQ(record.inputs().fields().at("deciding_rule").string_value(), "lock/no");

  v1::ExplainActionRequest by_decision;
  by_decision.set_decision_id("dec-1");
  auto same = explain_.ExplainAction(call, by_decision);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->chain(0).request_id(), "req-1");
}

TEST_F(ExplainSyscallsTest, OperatorsSeeTheirTenantOnlyAndOthersSeeNothing) {
  v1::ExplainActionRequest request;
  request.set_decision_id("dec-1");
  envelope::Call ops = CallAs("admin", envelope::PrincipalKind::kOperator, "acme");
  EXPECT_TRUE(explain_.ExplainAction(ops, request).ok());

  v1::ExplainActionRequest missing;
  missing.set_decision_id("dec-404");
  const absl::Status not_found = explain_.ExplainAction(ops, missing).status();
  EXPECT_THAT(not_found, HasReason("CAM_DECISION_NOT_FOUND"));

  for (envelope::Call caller : {CallAs("agent-2", envelope::PrincipalKind::kAgent, "acme"),
                                CallAs("agent-1", envelope::PrincipalKind::kService, "acme"),
                                CallAs("agent-1", envelope::PrincipalKind::kAgent, "beta"),
                                CallAs("admin", envelope::PrincipalKind::kOperator, "beta")}) {
    const absl::Status hidden = explain_.ExplainAction(caller, request).status();
    EXPECT_THAT(hidden, HasReason("CAM_DECISION_NOT_FOUND")) << caller.principal->id;
    EXPECT_EQ(hidden.message(), not_found.message());
  }
}

TEST_F(ExplainSyscallsTest, ProofsAndAnEmptySubjectAreRefused) {
  envelope::Call call = CallAs("agent-1", envelope::PrincipalKind::kAgent, "acme");
  v1::ExplainActionRequest proofs;
  proofs.set_request_id("req-1");
  proofs.set_include_proofs(true);
  EXPECT_THAT(explain_.ExplainAction(call, proofs).status(), HasReason("CAM_NOT_IMPLEMENTED"));
  EXPECT_THAT(explain_.ExplainAction(call, v1::ExplainActionRequest()).status(),
              HasReason("CAM_VALIDATION_REQUIRED"));
}

}  // namespace
}  // namespace cam::syscalls
