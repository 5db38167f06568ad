// PolicyAuthorizer over a real PolicyEngine: deny wins over ownership, allow rules add grants
// within the tenant and never across it, and every decision names the rules that matched.
#include "envelope/policy_authorizer.h"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "base/clock.h"
#include "cam/v1/memory.pb.h"
#include "envelope/owner_authorizer.h"
#include "envelope/stages/authorize_stage.h"
#include "store/memory/memory_store.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/envelope/test_calls.h"

namespace cam::envelope {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;

using testing::FakeDirectory;

v1::PolicyDocument Doc(const std::string& text) {
  v1::PolicyDocument doc;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &doc)) << text;
  return doc;
}

Call CallFor(const std::string& method, Principal principal, std::string ns) {
  Call call;
  call.method = &testing::Method(method);
  call.principal = std::move(principal);
  call.resource_namespace = std::move(ns);
  return call;
}

Principal AgentOf(std::string id, std::string tenant) {
  Principal p = testing::Agent(std::move(id));
  p.tenant = std::move(tenant);
  return p;
}

class PolicyAuthorizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_.owners["team-a"] = {.owner = "agent-1", .tenant = "default"};
    directory_.owners["beta-ns"] = {.owner = "agent-9", .tenant = "beta"};
    auto engine = policy::PolicyEngine::Open(&memory_, &clock_);
    ASSERT_TRUE(engine.ok());
    engine_ = *std::move(engine);
  }

  void Apply(const std::string& text, const std::string& tenant = "default") {
    auto stored = engine_->Update(Doc(text), std::nullopt, {.id = "ops", .tenant = tenant});
    ASSERT_TRUE(stored.ok()) << stored.status();
  }

  store::MemoryStore memory_;
  base::FakeClock clock_{absl::FromUnixSeconds(1767225600)};
  std::unique_ptr<policy::PolicyEngine> engine_;
  FakeDirectory directory_;
  OwnerAuthorizer baseline_{&directory_};
  std::unique_ptr<PolicyAuthorizer> authorizer_;
  PolicyAuthorizer& authorizer() {
    if (authorizer_ == nullptr) {
      authorizer_ = std::make_unique<PolicyAuthorizer>(engine_.get(), &baseline_, &directory_);
    }
    return *authorizer_;
  }
};

TEST_F(PolicyAuthorizerTest, DenyRuleBeatsOwnershipAndIsRecorded) {
  Apply(R"pb(policy_id: "lock"
             rules {
               rule_id: "no-secrets"
               effect: POLICY_EFFECT_DENY
               principals {}
               actions: "memory.*"
               resources: "ns/team-a/secret/**"
             })pb");
  Call call = CallFor("cam.v1.Memory.ContextRead", testing::Agent("agent-1"), "team-a");
  v1::ContextReadRequest request;
  request.set_namespace_("team-a");
  request.set_key("secret/plan");
  call.request = &request;
  auto decision = authorizer().Decide(call);
  ASSERT_TRUE(decision.ok());
  EXPECT_FALSE(decision->allowed);
  EXPECT_EQ(decision->rule, "lock/no-secrets");
  ASSERT_EQ(decision->matched_rules.size(), 1u);
  EXPECT_EQ(decision->matched_rules[0].policy_id, "lock");
  EXPECT_EQ(decision->matched_rules[0].policy_version, 1);
  EXPECT_EQ(decision->matched_rules[0].rule_id, "no-secrets");
  EXPECT_EQ(decision->matched_rules[0].effect, policy::Effect::kDeny);

  // The same owner on another key is still allowed by ownership; nothing matched.
  request.set_key("notes");
  auto allowed = authorizer().Decide(call);
  ASSERT_TRUE(allowed.ok());
  EXPECT_TRUE(allowed->allowed);
  EXPECT_EQ(allowed->rule, "namespace-owner");
  EXPECT_TRUE(allowed->matched_rules.empty());
}

TEST_F(PolicyAuthorizerTest, AllowGrantsWithinTheTenantOnlyAndShadowMatchesAreRecorded) {
  Apply(R"pb(policy_id: "share"
             rules {
               rule_id: "readers"
               effect: POLICY_EFFECT_ALLOW
               principals {}
               actions: "memory.read"
               resources: "ns/**"
             })pb");
  Apply(R"pb(policy_id: "trial"
             enforcement: POLICY_ENFORCEMENT_SHADOW
             rules {
               rule_id: "would-deny"
               effect: POLICY_EFFECT_DENY
               principals {}
               actions: "memory.read"
               resources: "ns/**"
             })pb");
  Call same_tenant = CallFor("cam.v1.Memory.ContextRead", testing::Agent("agent-2"), "team-a");
  auto granted = authorizer().Decide(same_tenant);
  ASSERT_TRUE(granted.ok());
  EXPECT_TRUE(granted->allowed);
  EXPECT_EQ(granted->rule, "share/readers");
  std::set<std::pair<std::string, bool>> seen;
  for (const policy::MatchedRule& rule : granted->matched_rules)
    seen.insert({rule.rule_id, rule.shadow});
  EXPECT_EQ(seen,
            (std::set<std::pair<std::string, bool>>{{"readers", false}, {"would-deny", true}}));

  // A default-tenant rule never matches a beta principal, and a beta principal's own allow-all
  // cannot open a default-tenant namespace.
  Apply(R"pb(policy_id: "beta-open"
             rules {
               rule_id: "all"
               effect: POLICY_EFFECT_ALLOW
               principals {}
               actions: "*"
               resources: "*"
             })pb",
        "beta");
  for (const char* method : {"cam.v1.Memory.ContextRead", "cam.v1.Memory.ContextWrite",
                             "cam.v1.Memory.ContextDelete", "cam.v1.Memory.ContextList"}) {
    Call cross = CallFor(method, AgentOf("agent-9", "beta"), "team-a");
    auto refused = authorizer().Decide(cross);
    ASSERT_TRUE(refused.ok());
    EXPECT_FALSE(refused->allowed) << method;
    EXPECT_EQ(refused->rule, "cross-tenant") << method;
  }
  // ... while it does work inside beta.
  Call inside = CallFor("cam.v1.Memory.ContextRead", AgentOf("agent-8", "beta"), "beta-ns");
  auto ok = authorizer().Decide(inside);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->allowed);
}

TEST_F(PolicyAuthorizerTest, TheStageGivesEveryDecisionItsOwnId) {
  AuthorizeStage stage(&authorizer(), /*require_operator_mfa=*/false);
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    Call call = CallFor("cam.v1.Memory.ContextRead", testing::Agent("agent-2"), "team-a");
    EXPECT_THAT(stage.OnRequest(call), HasReason("CAM_AUTHZ_DENIED"));
    EXPECT_TRUE(call.decision.evaluated);
    EXPECT_EQ(call.decision.decision_id.size(), 32u);
    ids.insert(call.decision.decision_id);
  }
  Call owner = CallFor("cam.v1.Memory.ContextRead", testing::Agent("agent-1"), "team-a");
  EXPECT_THAT(stage.OnRequest(owner), IsOk());
  ids.insert(owner.decision.decision_id);
  EXPECT_EQ(ids.size(), 21u);
}

}  // namespace
}  // namespace cam::envelope
