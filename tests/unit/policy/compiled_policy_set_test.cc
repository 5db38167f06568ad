// File: tests/unit/policy/compiled_policy_set_test.cc
// Decision semantics: precedence, actions, resources, principals, conditions, networks, time
// windows and tenants. Every decision is also checked against the linear scan.
#include "policy/compiled_policy_set.h"

#include <gtest/gtest.h>

#include "absl/time/civil_time.h"
#include "policy_test_util.h"

namespace cam::policy {
namespace {

using testing::Compile;
using testing::Doc;
using testing::Request;

Decision Decide(const std::shared_ptr<const CompiledPolicySet>& set, const AccessRequest& request) {
  Decision indexed = set->Decide(request);
  EXPECT_EQ(indexed, set->DecideByScan(request));
  return indexed;
}

bool Allowed(const std::shared_ptr<const CompiledPolicySet>& set, const AccessRequest& request) {
  return Decide(set, request).allowed;
}

// A one-rule allow document whose rule body is `rule` (text format).
std::shared_ptr<const CompiledPolicySet> AllowRule(const std::string& rule) {
  return Compile({Doc(R"pb(policy_id: "p"
                           version: 1
                           tenant: "acme"
                           rules { rule_id: "r" effect: POLICY_EFFECT_ALLOW)pb" +
                      std::string(" ") + rule + "}")});
}

TEST(PrecedenceTest, DenyByDefault) {
  const auto set = CompiledPolicySet::Empty();
  const Decision decision =
      Decide(set, Request("a1", PrincipalKind::kAgent, "memory.read", "ns/x"));
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.reason, DecisionReason::kDefaultDeny);
  EXPECT_TRUE(decision.matched_rules.empty());
  EXPECT_EQ(decision.DecidingRule(), "deny-by-default");
}

TEST(PrecedenceTest, AllowThenDenyWins) {
  const auto allow_only = Compile({Doc(R"pb(
    policy_id: "base"
    version: 3
    tenant: "acme"
    rules {
      rule_id: "read"
      effect: POLICY_EFFECT_ALLOW
      principals {}
      actions: "memory.*"
      resources: "ns/team/**"
    })pb")});
  const AccessRequest request =
      Request("a1", PrincipalKind::kAgent, "memory.read", "ns/team/notes/1");
  Decision decision = Decide(allow_only, request);
  EXPECT_TRUE(decision.allowed);
  EXPECT_EQ(decision.reason, DecisionReason::kAllowed);
  ASSERT_EQ(decision.matched_rules.size(), 1u);
  EXPECT_EQ(decision.matched_rules[0], (MatchedRule{"base", 3, "read", Effect::kAllow, false}));
  EXPECT_EQ(decision.DecidingRule(), "base/read");

  const auto with_deny = Compile({Doc(R"pb(
                                    policy_id: "base"
                                    version: 3
                                    tenant: "acme"
                                    rules {
                                      rule_id: "read"
                                      effect: POLICY_EFFECT_ALLOW
                                      principals {}
                                      actions: "memory.*"
                                      resources: "ns/team/**"
                                    })pb"),
                                  Doc(R"pb(
                                    policy_id: "lockdown"
                                    version: 1
                                    tenant: "acme"
                                    rules {
                                      rule_id: "no-notes"
                                      effect: POLICY_EFFECT_DENY
                                      principals { id: "a*" }
                                      actions: "memory.read"
                                      resources: "ns/team/notes/*"
                                    })pb")});
  decision = Decide(with_deny, request);
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.reason, DecisionReason::kExplicitDeny);
  ASSERT_EQ(decision.matched_rules.size(), 2u);
  EXPECT_EQ(decision.matched_rules[0].policy_id, "base");
  EXPECT_EQ(decision.matched_rules[1].policy_id, "lockdown");
  EXPECT_EQ(decision.DecidingRule(), "lockdown/no-notes");
  // The deny's glob does not reach deeper keys, so the allow still applies there.
  EXPECT_TRUE(
      Allowed(with_deny, Request("a1", PrincipalKind::kAgent, "memory.read", "ns/team/notes/1/2")));
}

TEST(PrecedenceTest, ShadowIsReportedButNeverEnforced) {
  const auto set = Compile({Doc(R"pb(
                              policy_id: "base"
                              tenant: "acme"
                              rules {
                                rule_id: "all"
                                effect: POLICY_EFFECT_ALLOW
                                principals {}
                                actions: "*"
                                resources: "*"
                              })pb"),
                            Doc(R"pb(
                              policy_id: "trial"
                              tenant: "acme"
                              enforcement: POLICY_ENFORCEMENT_SHADOW
                              rules {
                                rule_id: "deny-all"
                                effect: POLICY_EFFECT_DENY
                                principals {}
                                actions: "*"
                                resources: "*"
                              }
                              rules {
                                rule_id: "allow-audit"
                                effect: POLICY_EFFECT_ALLOW
                                principals {}
                                actions: "audit.*"
                                resources: "audit"
                              })pb")});
  Decision decision = Decide(set, Request("a1", PrincipalKind::kAgent, "memory.write", "ns/x/k"));
  EXPECT_TRUE(decision.allowed);  // the shadow deny changes nothing
  EXPECT_EQ(decision.DecidingRule(), "base/all");
  ASSERT_EQ(decision.matched_rules.size(), 2u);
  EXPECT_TRUE(decision.matched_rules[1].shadow);
  EXPECT_EQ(decision.matched_rules[1].effect, Effect::kDeny);

  // A shadow allow alone does not allow either.
  const auto shadow_only = Compile({Doc(R"pb(
    policy_id: "trial"
    tenant: "acme"
    enforcement: POLICY_ENFORCEMENT_SHADOW
    rules {
      rule_id: "allow"
      effect: POLICY_EFFECT_ALLOW
      principals {}
      actions: "*"
      resources: "*"
    })pb")});
  decision = Decide(shadow_only, Request("a1", PrincipalKind::kAgent, "memory.write", "ns/x/k"));
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.reason, DecisionReason::kDefaultDeny);
  EXPECT_EQ(decision.deciding_index, -1);
  ASSERT_EQ(decision.matched_rules.size(), 1u);
  EXPECT_TRUE(decision.matched_rules[0].shadow);
}

TEST(ActionTest, ExactFamilyAndAny) {
  const auto exact = AllowRule(R"pb(principals {}
                                    actions: "memory.write"
                                    resources: "*")pb");
  const auto family = AllowRule(R"pb(principals {}
                                     actions: "memory.*"
                                     resources: "*")pb");
  const auto any = AllowRule(R"pb(principals {}
                                  actions: "*"
                                  resources: "*")pb");
  auto request = [](const char* action) {
    return Request("a1", PrincipalKind::kAgent, action, "ns/x/k");
  };
  EXPECT_TRUE(Allowed(exact, request("memory.write")));
  EXPECT_FALSE(Allowed(exact, request("memory.read")));
  EXPECT_FALSE(Allowed(exact, request("memory.writes")));
  EXPECT_TRUE(Allowed(family, request("memory.read")));
  EXPECT_FALSE(Allowed(family, request("memoryx.read")));
  EXPECT_FALSE(Allowed(family, request("policy.update")));
  EXPECT_TRUE(Allowed(any, request("policy.update")));
  EXPECT_TRUE(Allowed(any, request("anything")));
}

TEST(ActionTest, OverlappingActionsMatchOnce) {
  const auto set = AllowRule(
      R"pb(principals {}
           principals { id: "a1" }
           actions: "memory.write"
           actions: "memory.*"
           actions: "memory.write"
           resources: "*")pb");
  const Decision decision =
      Decide(set, Request("a1", PrincipalKind::kAgent, "memory.write", "ns/x/k"));
  EXPECT_EQ(decision.matched_rules.size(), 1u);
}

TEST(ResourceTest, GlobsAndFamilies) {
  const auto set = AllowRule(R"pb(principals {}
                                  actions: "*"
                                  resources: "ns/team/*"
                                  resources: "ns/shared/**"
                                  resources: "ns/team"
                                  resources: "policy/acme-*"
                                  resources: "audit")pb");
  auto allowed = [&](const char* resource) {
    return Allowed(set, Request("a1", PrincipalKind::kAgent, "memory.read", resource));
  };
  EXPECT_TRUE(allowed("ns/team/k"));
  EXPECT_FALSE(allowed("ns/team/dir/k"));
  EXPECT_TRUE(allowed("ns/team"));
  EXPECT_TRUE(allowed("ns/shared/a/b/c"));
  EXPECT_FALSE(allowed("ns/shared"));
  EXPECT_TRUE(allowed("policy/acme-base"));
  EXPECT_FALSE(allowed("policy/other"));
  EXPECT_TRUE(allowed("audit"));
  EXPECT_FALSE(allowed("system"));
  EXPECT_FALSE(allowed("ns/teams/k"));
}

TEST(PrincipalTest, ByIdGlobKindAndScopes) {
  const auto set = Compile({Doc(R"pb(
    policy_id: "p"
    tenant: "acme"
    rules {
      rule_id: "by-id"
      effect: POLICY_EFFECT_ALLOW
      principals { id: "agent-7" }
      actions: "memory.read"
      resources: "*"
    }
    rules {
      rule_id: "by-glob"
      effect: POLICY_EFFECT_ALLOW
      principals { id: "bot-*" }
      actions: "memory.write"
      resources: "*"
    }
    rules {
      rule_id: "by-kind"
      effect: POLICY_EFFECT_ALLOW
      principals { kind: PRINCIPAL_KIND_OPERATOR }
      actions: "policy.*"
      resources: "*"
    }
    rules {
      rule_id: "by-scopes"
      effect: POLICY_EFFECT_ALLOW
      principals { kind: PRINCIPAL_KIND_SERVICE scopes: "drivers" scopes: "invoke" }
      actions: "drivers.invoke"
      resources: "*"
    }
    rules {
      rule_id: "id-and-kind"
      effect: POLICY_EFFECT_ALLOW
      principals { id: "svc-1" kind: PRINCIPAL_KIND_SERVICE }
      actions: "audit.query"
      resources: "*"
    })pb")});
  EXPECT_TRUE(Allowed(set, Request("agent-7", PrincipalKind::kAgent, "memory.read", "ns/a")));
  EXPECT_FALSE(Allowed(set, Request("agent-8", PrincipalKind::kAgent, "memory.read", "ns/a")));
  EXPECT_TRUE(Allowed(set, Request("bot-1", PrincipalKind::kService, "memory.write", "ns/a")));
  EXPECT_FALSE(Allowed(set, Request("robot-1", PrincipalKind::kAgent, "memory.write", "ns/a")));
  EXPECT_TRUE(Allowed(set, Request("ops", PrincipalKind::kOperator, "policy.update", "policy/p")));
  EXPECT_FALSE(Allowed(set, Request("ops", PrincipalKind::kAgent, "policy.update", "policy/p")));

  AccessRequest invoke = Request("svc", PrincipalKind::kService, "drivers.invoke", "driver/d");
  EXPECT_FALSE(Allowed(set, invoke));
  invoke.scopes = {"drivers"};
  EXPECT_FALSE(Allowed(set, invoke));
  invoke.scopes = {"invoke", "other", "drivers"};
  EXPECT_TRUE(Allowed(set, invoke));
  invoke.principal_kind = PrincipalKind::kAgent;
  EXPECT_FALSE(Allowed(set, invoke));

  EXPECT_TRUE(Allowed(set, Request("svc-1", PrincipalKind::kService, "audit.query", "audit")));
  EXPECT_FALSE(Allowed(set, Request("svc-1", PrincipalKind::kAgent, "audit.query", "audit")));
}

TEST(TenantTest, TenantDocumentsApplyOnlyToTheirTenant) {
  const auto set = Compile({Doc(R"pb(
                              policy_id: "acme-base"
                              tenant: "acme"
                              rules {
                                rule_id: "r"
                                effect: POLICY_EFFECT_ALLOW
                                principals {}
                                actions: "*"
                                resources: "*"
                              })pb"),
                            Doc(R"pb(
                              policy_id: "global"
                              rules {
                                rule_id: "ops"
                                effect: POLICY_EFFECT_ALLOW
                                principals { kind: PRINCIPAL_KIND_OPERATOR }
                                actions: "observe.*"
                                resources: "*"
                              })pb")});
  AccessRequest request = Request("a1", PrincipalKind::kAgent, "memory.read", "ns/x");
  EXPECT_TRUE(Allowed(set, request));
  request.tenant = "globex";
  EXPECT_FALSE(Allowed(set, request));
  request.tenant = "";
  EXPECT_FALSE(Allowed(set, request));
  // The document without tenant applies to every tenant.
  AccessRequest ops = Request("root", PrincipalKind::kOperator, "observe.health", "system");
  ops.tenant = "globex";
  EXPECT_TRUE(Allowed(set, ops));
  ops.tenant = "";
  EXPECT_TRUE(Allowed(set, ops));
}

struct ConditionCase {
  std::string condition;  // text format of one Condition
  std::vector<std::pair<std::string, std::vector<std::string>>> claims;
  bool expected;
};

class ConditionTest : public ::testing::TestWithParam<ConditionCase> {};

TEST_P(ConditionTest, Holds) {
  const ConditionCase& c = GetParam();
  const auto set = AllowRule(R"pb(principals {}
                                  actions: "*"
                                  resources: "*"
                                  conditions {)pb" +
                             c.condition + "}");
  AccessRequest request = Request("agent-1", PrincipalKind::kAgent, "memory.read", "ns/a");
  request.scopes = {"read", "write"};
  for (const auto& [name, values] : c.claims) {
    if (name.starts_with("context.")) {
      request.context[name.substr(8)] = values;
    } else {
      request.claims[name] = values;
    }
  }
  EXPECT_EQ(Allowed(set, request), c.expected) << c.condition;
}

INSTANTIATE_TEST_SUITE_P(
    Operators, ConditionTest,
    ::testing::Values(
        // EQUALS
        ConditionCase{
            R"(key: "claims.dept" op: CONDITION_OPERATOR_EQUALS values: "eng" values: "ops")",
            {{"dept", {"ops"}}},
            true},
        ConditionCase{R"(key: "claims.dept" op: CONDITION_OPERATOR_EQUALS values: "eng")",
                      {{"dept", {"sales"}}},
                      false},
        ConditionCase{
            R"(key: "claims.dept" op: CONDITION_OPERATOR_EQUALS values: "eng")", {}, false},
        // NOT_EQUALS: present and none equal; missing fails.
        ConditionCase{R"(key: "claims.dept" op: CONDITION_OPERATOR_NOT_EQUALS values: "eng")",
                      {{"dept", {"sales"}}},
                      true},
        ConditionCase{R"(key: "claims.dept" op: CONDITION_OPERATOR_NOT_EQUALS values: "eng")",
                      {{"dept", {"eng"}}},
                      false},
        ConditionCase{
            R"(key: "claims.dept" op: CONDITION_OPERATOR_NOT_EQUALS values: "eng")", {}, false},
        // PREFIX
        ConditionCase{R"(key: "claims.email" op: CONDITION_OPERATOR_PREFIX values: "ops@")",
                      {{"email", {"ops@acme.test"}}},
                      true},
        ConditionCase{R"(key: "claims.email" op: CONDITION_OPERATOR_PREFIX values: "ops@")",
                      {{"email", {"dev@acme.test"}}},
                      false},
        // GLOB
        ConditionCase{R"(key: "claims.email" op: CONDITION_OPERATOR_GLOB values: "*@acme.*")",
                      {{"email", {"x@acme.test"}}},
                      true},
        ConditionCase{R"(key: "claims.email" op: CONDITION_OPERATOR_GLOB values: "*@acme.*")",
                      {{"email", {"x@evil.test"}}},
                      false},
        // PRESENT / ABSENT
        ConditionCase{R"(key: "claims.mfa" op: CONDITION_OPERATOR_PRESENT)", {{"mfa", {}}}, true},
        ConditionCase{R"(key: "claims.mfa" op: CONDITION_OPERATOR_PRESENT)", {}, false},
        ConditionCase{R"(key: "claims.suspended" op: CONDITION_OPERATOR_ABSENT)", {}, true},
        ConditionCase{R"(key: "claims.suspended" op: CONDITION_OPERATOR_ABSENT)",
                      {{"suspended", {"true"}}},
                      false},
        // LESS_THAN / GREATER_THAN
        ConditionCase{R"(key: "claims.risk" op: CONDITION_OPERATOR_LESS_THAN values: "0.5")",
                      {{"risk", {"0.25"}}},
                      true},
        ConditionCase{R"(key: "claims.risk" op: CONDITION_OPERATOR_LESS_THAN values: "0.5")",
                      {{"risk", {"0.5"}}},
                      false},
        ConditionCase{R"(key: "claims.risk" op: CONDITION_OPERATOR_LESS_THAN values: "0.5")",
                      {{"risk", {"low"}}},
                      false},
        ConditionCase{R"(key: "claims.risk" op: CONDITION_OPERATOR_LESS_THAN values: "0.5")",
                      {{"risk", {"0.1", "0.2"}}},
                      false},
        ConditionCase{R"(key: "claims.level" op: CONDITION_OPERATOR_GREATER_THAN values: "3")",
                      {{"level", {"4"}}},
                      true},
        ConditionCase{R"(key: "claims.level" op: CONDITION_OPERATOR_GREATER_THAN values: "3")",
                      {{"level", {"-4"}}},
                      false},
        ConditionCase{
            R"(key: "claims.level" op: CONDITION_OPERATOR_GREATER_THAN values: "3")", {}, false},
        // CONTAINS_ALL
        ConditionCase{
            R"(key: "claims.amr" op: CONDITION_OPERATOR_CONTAINS_ALL values: "mtls" values: "totp")",
            {{"amr", {"totp", "pwd", "mtls"}}},
            true},
        ConditionCase{
            R"(key: "claims.amr" op: CONDITION_OPERATOR_CONTAINS_ALL values: "mtls" values: "totp")",
            {{"amr", {"mtls"}}},
            false},
        // context.* and principal.*
        ConditionCase{R"(key: "context.ticket" op: CONDITION_OPERATOR_PREFIX values: "CHG-")",
                      {{"context.ticket", {"CHG-1"}}},
                      true},
        ConditionCase{R"(key: "context.ticket" op: CONDITION_OPERATOR_PRESENT)",
                      {{"ticket", {"CHG-1"}}},
                      false},  // a claim is not context
        ConditionCase{
            R"(key: "principal.tenant" op: CONDITION_OPERATOR_EQUALS values: "acme")", {}, true},
        ConditionCase{
            R"(key: "principal.kind" op: CONDITION_OPERATOR_EQUALS values: "agent")", {}, true},
        ConditionCase{
            R"(key: "principal.kind" op: CONDITION_OPERATOR_EQUALS values: "operator")", {}, false},
        ConditionCase{
            R"(key: "principal.id" op: CONDITION_OPERATOR_GLOB values: "agent-*")", {}, true},
        ConditionCase{
            R"(key: "principal.scopes" op: CONDITION_OPERATOR_CONTAINS_ALL values: "write")",
            {},
            true},
        ConditionCase{
            R"(key: "principal.scopes" op: CONDITION_OPERATOR_CONTAINS_ALL values: "admin")",
            {},
            false}));

TEST(ConditionTest, AllConditionsMustHold) {
  const auto set =
      AllowRule(R"pb(principals {}
                     actions: "*"
                     resources: "*"
                     conditions { key: "claims.dept" op: CONDITION_OPERATOR_EQUALS values: "eng" }
                     conditions {
                       key: "claims.amr"
                       op: CONDITION_OPERATOR_CONTAINS_ALL
                       values: "totp"
                     })pb");
  AccessRequest request = Request("a", PrincipalKind::kAgent, "memory.read", "ns/a");
  request.claims["dept"] = {"eng"};
  EXPECT_FALSE(Allowed(set, request));
  request.claims["amr"] = {"totp"};
  EXPECT_TRUE(Allowed(set, request));
}

TEST(NetworkTest, SourceCidrsV4AndV6) {
  const auto set = AllowRule(R"pb(principals {}
                                  actions: "*"
                                  resources: "*"
                                  source_cidrs: "10.0.0.0/8"
                                  source_cidrs: "2001:db8::/32")pb");
  AccessRequest request = Request("a", PrincipalKind::kAgent, "memory.read", "ns/a");
  for (const auto& [address, expected] :
       std::vector<std::pair<std::string, bool>>{{"10.2.3.4", true},
                                                 {"11.2.3.4", false},
                                                 {"2001:db8::7", true},
                                                 {"2001:db9::7", false},
                                                 {"::ffff:10.0.0.1", true},
                                                 {"", false},
                                                 {"not-an-ip", false}}) {
    request.source_address = address;
    EXPECT_EQ(Allowed(set, request), expected) << address;
  }
}

absl::Time Utc(int year, int month, int day, int hour, int minute) {
  return absl::FromCivil(absl::CivilMinute(year, month, day, hour, minute), absl::UTCTimeZone());
}

TEST(TimeWindowTest, AbsoluteBoundsAreInclusive) {
  const auto set = AllowRule(R"pb(principals {}
                                  actions: "*"
                                  resources: "*"
                                  time_window {
                                    not_before { seconds: 1767225600 }
                                    not_after { seconds: 1767312000 }
                                  })pb");
  AccessRequest request = Request("a", PrincipalKind::kAgent, "memory.read", "ns/a");
  request.time = absl::FromUnixSeconds(1767225600);
  EXPECT_TRUE(Allowed(set, request));
  request.time = absl::FromUnixSeconds(1767225600) - absl::Nanoseconds(1);
  EXPECT_FALSE(Allowed(set, request));
  request.time = absl::FromUnixSeconds(1767312000);
  EXPECT_TRUE(Allowed(set, request));
  request.time = absl::FromUnixSeconds(1767312001);
  EXPECT_FALSE(Allowed(set, request));
}

TEST(TimeWindowTest, DailyWindowAndWrapPastMidnight) {
  const auto office = AllowRule(
      R"pb(principals {}
           actions: "*"
           resources: "*"
           time_window { daily_start_minute: 540 daily_end_minute: 1020 })pb");  // 09:00-17:00 UTC
  const auto night = AllowRule(
      R"pb(principals {}
           actions: "*"
           resources: "*"
           time_window { daily_start_minute: 1320 daily_end_minute: 360 })pb");  // 22:00-06:00 UTC
  AccessRequest request = Request("a", PrincipalKind::kAgent, "memory.read", "ns/a");
  const std::vector<std::tuple<int, int, bool, bool>> cases = {
      {8, 59, false, false}, {9, 0, true, false},  {16, 59, true, false},
      {17, 0, false, false}, {22, 0, false, true}, {23, 59, false, true},
      {0, 0, false, true},   {5, 59, false, true}, {6, 0, false, false}};
  for (const auto& [hour, minute, in_office, in_night] : cases) {
    request.time = Utc(2026, 3, 10, hour, minute);
    EXPECT_EQ(Allowed(office, request), in_office) << hour << ":" << minute;
    EXPECT_EQ(Allowed(night, request), in_night) << hour << ":" << minute;
  }
}

TEST(TimeWindowTest, WeekdaysInTimeZone) {
  // Weekdays 09:00-17:00 in Paris (UTC+1 in January, UTC+2 in July).
  const auto set = AllowRule(R"pb(principals {}
                                  actions: "*"
                                  resources: "*"
                                  time_window {
                                    daily_start_minute: 540
                                    daily_end_minute: 1020
                                    time_zone: "Europe/Paris"
                                    weekdays: WEEKDAY_MONDAY
                                    weekdays: WEEKDAY_TUESDAY
                                    weekdays: WEEKDAY_WEDNESDAY
                                    weekdays: WEEKDAY_THURSDAY
                                    weekdays: WEEKDAY_FRIDAY
                                  })pb");
  AccessRequest request = Request("a", PrincipalKind::kAgent, "memory.read", "ns/a");
  request.time = Utc(2026, 1, 5, 8, 30);  // Monday 09:30 Paris
  EXPECT_TRUE(Allowed(set, request));
  request.time = Utc(2026, 1, 5, 7, 30);  // Monday 08:30 Paris
  EXPECT_FALSE(Allowed(set, request));
  request.time = Utc(2026, 7, 6, 7, 30);  // Monday 09:30 Paris (summer time)
  EXPECT_TRUE(Allowed(set, request));
  request.time = Utc(2026, 7, 6, 15, 30);  // Monday 17:30 Paris
  EXPECT_FALSE(Allowed(set, request));
  request.time = Utc(2026, 1, 10, 10, 0);  // Saturday
  EXPECT_FALSE(Allowed(set, request));
  request.time = Utc(2026, 1, 9, 23, 30);  // Friday in UTC, Saturday 00:30 in Paris
  EXPECT_FALSE(Allowed(set, request));

  const auto weekend = AllowRule(R"pb(principals {}
                                      actions: "*"
                                      resources: "*"
                                      time_window {
                                        time_zone: "Asia/Tokyo"
                                        weekdays: WEEKDAY_SATURDAY
                                        weekdays: WEEKDAY_SUNDAY
                                      })pb");
  request.time = Utc(2026, 1, 9, 16, 0);  // Friday 16:00 UTC = Saturday 01:00 Tokyo
  EXPECT_TRUE(Allowed(weekend, request));
  request.time = Utc(2026, 1, 11, 15, 30);  // Sunday UTC = Monday 00:30 Tokyo
  EXPECT_FALSE(Allowed(weekend, request));
}

}  // namespace
}  // namespace cam::policy
