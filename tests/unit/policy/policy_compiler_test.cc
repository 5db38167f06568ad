// File: tests/unit/policy/policy_compiler_test.cc
// Every refusal of the compiler, each with the field path it must name.
#include "policy/policy_compiler.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "base/reasons.h"
#include "policy_test_util.h"
#include "tests/testing/status_matchers.h"

namespace cam::policy {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;
using testing::Doc;

constexpr char kValidRule[] =
    R"pb(rule_id: "r0"
         effect: POLICY_EFFECT_ALLOW
         principals {}
         actions: "memory.read"
         resources: "ns/a/*")pb";

struct Rejection {
  std::string name;
  std::string document;  // text format
  std::string field;     // the path the error must name
};

std::string WithRule(const std::string& rule) {
  return std::string(R"pb(policy_id: "p" rules {)pb") + kValidRule + "} rules {" + rule + "}";
}

std::string Repeated(const std::string& field, const std::string& value, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += field + ": \"" + value + std::to_string(i) + "\" ";
  return out;
}

class RejectionTest : public ::testing::TestWithParam<Rejection> {};

TEST_P(RejectionTest, NamesTheField) {
  const Rejection& rejection = GetParam();
  const cam::v1::PolicyDocument document = Doc(rejection.document);
  const absl::Status status = ValidatePolicyDocument(document);
  ASSERT_THAT(status, HasReason("CAM_POLICY_INVALID"));
  EXPECT_EQ(base::FieldOf(status), rejection.field) << status;
  const absl::string_view message = status.message();
  EXPECT_TRUE(absl::StartsWith(message, rejection.field + ": ")) << message;

  // The set compiler refuses it the same way, naming the policy.
  const absl::StatusOr<std::shared_ptr<const CompiledPolicySet>> set =
      CompilePolicySet(std::vector<cam::v1::PolicyDocument>{document});
  ASSERT_THAT(set, HasReason("CAM_POLICY_INVALID"));
  EXPECT_EQ(base::FieldOf(set.status()), rejection.field);
}

const std::string kRule = R"pb(rule_id: "r1"
                               effect: POLICY_EFFECT_ALLOW
                               principals {}
                               actions: "memory.read")pb"
                          " ";  // kRule + more fields: keep them apart

INSTANTIATE_TEST_SUITE_P(
    All, RejectionTest,
    ::testing::Values(
        Rejection{"MissingPolicyId", R"pb(rules { rule_id: "r" })pb", "policy_id"},
        Rejection{"BadPolicyId", R"pb(policy_id: "-bad")pb", "policy_id"},
        Rejection{"BadTenant", R"pb(policy_id: "p" tenant: "a b")pb", "tenant"},
        Rejection{"BadEnforcement", R"pb(policy_id: "p" enforcement: 9)pb", "enforcement"},
        Rejection{"LongDescription",
                  R"pb(policy_id: "p" description: ")pb" + std::string(1025, 'x') + "\"",
                  "description"},
        Rejection{"MissingRuleId", WithRule(R"pb(effect: POLICY_EFFECT_ALLOW)pb"),
                  "rules[1].rule_id"},
        Rejection{"BadRuleId", WithRule(R"pb(rule_id: "a/b")pb"), "rules[1].rule_id"},
        Rejection{"DuplicateRuleId", WithRule(kValidRule), "rules[1].rule_id"},
        Rejection{"EffectUnspecified", WithRule(R"pb(rule_id: "r1"
                                                     principals {}
                                                     actions: "*"
                                                     resources: "*")pb"),
                  "rules[1].effect"},
        Rejection{"EffectUnknown", WithRule(R"pb(rule_id: "r1" effect: 5)pb"), "rules[1].effect"},
        Rejection{"NoPrincipals", WithRule(R"pb(rule_id: "r1"
                                                effect: POLICY_EFFECT_DENY
                                                actions: "*"
                                                resources: "*")pb"),
                  "rules[1].principals"},
        Rejection{"TooManyPrincipals",
                  WithRule(R"pb(rule_id: "r1" effect: POLICY_EFFECT_DENY)pb" + std::string(" ") +
                           [] {
                             std::string s;
                             for (int i = 0; i < 65; ++i) s += "principals {} ";
                             return s;
                           }()),
                  "rules[1].principals"},
        Rejection{"BadPrincipalKind", WithRule(R"pb(rule_id: "r1"
                                                    effect: POLICY_EFFECT_DENY
                                                    principals {}
                                                    principals { kind: 8 })pb"),
                  "rules[1].principals[1].kind"},
        Rejection{"LongPrincipalId",
                  WithRule(R"pb(rule_id: "r1"
                                effect: POLICY_EFFECT_DENY
                                principals { id: ")pb" +
                           std::string(257, 'a') + "\" }"),
                  "rules[1].principals[0].id"},
        Rejection{"BadScope", WithRule(R"pb(rule_id: "r1"
                                            effect: POLICY_EFFECT_DENY
                                            principals { scopes: "ok" scopes: "not ok" })pb"),
                  "rules[1].principals[0].scopes[1]"},
        Rejection{"NoActions", WithRule(R"pb(rule_id: "r1"
                                             effect: POLICY_EFFECT_DENY
                                             principals {}
                                             resources: "*")pb"),
                  "rules[1].actions"},
        Rejection{"ActionWithoutVerb", WithRule(kRule + R"pb(actions: "memory" resources: "*")pb"),
                  "rules[1].actions[1]"},
        Rejection{"ActionUppercase",
                  WithRule(kRule + R"pb(actions: "Memory.read" resources: "*")pb"),
                  "rules[1].actions[1]"},
        Rejection{"ActionGlobVerb", WithRule(kRule + R"pb(actions: "memory.wr*" resources: "*")pb"),
                  "rules[1].actions[1]"},
        Rejection{"ActionStarFamily", WithRule(kRule + R"pb(actions: "*.read" resources: "*")pb"),
                  "rules[1].actions[1]"},
        Rejection{"ActionThreeParts",
                  WithRule(kRule + R"pb(actions: "memory.read.x" resources: "*")pb"),
                  "rules[1].actions[1]"},
        Rejection{"NoResources", WithRule(kRule), "rules[1].resources"},
        Rejection{"ResourceUnknownFamily", WithRule(kRule + R"pb(resources: "files/a")pb"),
                  "rules[1].resources[0]"},
        Rejection{"ResourceDoubleStarAlone",
                  WithRule(kRule + R"pb(resources: "ns/a" resources: "**")pb"),
                  "rules[1].resources[1]"},
        Rejection{"ResourceEmptySegment", WithRule(kRule + R"pb(resources: "ns/a//b")pb"),
                  "rules[1].resources[0]"},
        Rejection{"ResourceTrailingSlash", WithRule(kRule + R"pb(resources: "ns/a/")pb"),
                  "rules[1].resources[0]"},
        Rejection{"ResourceFamilyOnly", WithRule(kRule + R"pb(resources: "ns/")pb"),
                  "rules[1].resources[0]"},
        Rejection{"ResourceBadChar", WithRule(kRule + R"pb(resources: "ns/a b")pb"),
                  "rules[1].resources[0]"},
        Rejection{"ResourceTripleStar", WithRule(kRule + R"pb(resources: "ns/a/***")pb"),
                  "rules[1].resources[0]"},
        Rejection{"ResourceTooLong",
                  WithRule(kRule + R"pb(resources: "ns/)pb" + std::string(600, 'a') + "\""),
                  "rules[1].resources[0]"},
        Rejection{"TooManyResources", WithRule(kRule + Repeated("resources", "ns/a", 65)),
                  "rules[1].resources"},
        Rejection{"ConditionKeyMissing",
                  WithRule(kRule + R"pb(resources: "*"
                                        conditions { op: CONDITION_OPERATOR_PRESENT })pb"),
                  "rules[1].conditions[0].key"},
        Rejection{"ConditionKeyUnknown", WithRule(kRule + R"pb(resources: "*"
                                                               conditions {
                                                                 key: "request.ip"
                                                                 op: CONDITION_OPERATOR_PRESENT
                                                               })pb"),
                  "rules[1].conditions[0].key"},
        Rejection{"ConditionKeyEmptyClaim", WithRule(kRule + R"pb(resources: "*"
                                                                  conditions {
                                                                    key: "claims."
                                                                    op: CONDITION_OPERATOR_PRESENT
                                                                  })pb"),
                  "rules[1].conditions[0].key"},
        Rejection{"ConditionOpUnspecified",
                  WithRule(kRule + R"pb(resources: "*"
                                        conditions { key: "claims.a" })pb"),
                  "rules[1].conditions[0].op"},
        Rejection{"ConditionOpUnknown",
                  WithRule(kRule + R"pb(resources: "*"
                                        conditions { key: "claims.a" op: 42 })pb"),
                  "rules[1].conditions[0].op"},
        Rejection{"EqualsWithoutValues", WithRule(kRule + R"pb(resources: "*"
                                                               conditions {
                                                                 key: "claims.a"
                                                                 op: CONDITION_OPERATOR_EQUALS
                                                               })pb"),
                  "rules[1].conditions[0].values"},
        Rejection{"ContainsAllWithoutValues",
                  WithRule(kRule + R"pb(resources: "*"
                                        conditions {
                                          key: "claims.a"
                                          op: CONDITION_OPERATOR_CONTAINS_ALL
                                        })pb"),
                  "rules[1].conditions[0].values"},
        Rejection{"PresentWithValues", WithRule(kRule + R"pb(resources: "*"
                                                             conditions {
                                                               key: "claims.a"
                                                               op: CONDITION_OPERATOR_PRESENT
                                                               values: "x"
                                                             })pb"),
                  "rules[1].conditions[0].values"},
        Rejection{"AbsentWithValues", WithRule(kRule + R"pb(resources: "*"
                                                            conditions {
                                                              key: "claims.a"
                                                              op: CONDITION_OPERATOR_ABSENT
                                                              values: "x"
                                                            })pb"),
                  "rules[1].conditions[0].values"},
        Rejection{"LessThanTwoValues", WithRule(kRule + R"pb(resources: "*"
                                                             conditions {
                                                               key: "claims.a"
                                                               op: CONDITION_OPERATOR_LESS_THAN
                                                               values: "1"
                                                               values: "2"
                                                             })pb"),
                  "rules[1].conditions[0].values"},
        Rejection{"GreaterThanNotNumber",
                  WithRule(kRule + R"pb(resources: "*"
                                        conditions {
                                          key: "claims.a"
                                          op: CONDITION_OPERATOR_GREATER_THAN
                                          values: "ten"
                                        })pb"),
                  "rules[1].conditions[0].values[0]"},
        Rejection{"GreaterThanInfinite", WithRule(kRule + R"pb(resources: "*"
                                                               conditions {
                                                                 key: "claims.a"
                                                                 op: CONDITION_OPERATOR_GREATER_THAN
                                                                 values: "inf"
                                                               })pb"),
                  "rules[1].conditions[0].values[0]"},
        Rejection{"GlobEmptyValue", WithRule(kRule + R"pb(resources: "*"
                                                          conditions {
                                                            key: "claims.a"
                                                            op: CONDITION_OPERATOR_GLOB
                                                            values: "x*"
                                                            values: ""
                                                          })pb"),
                  "rules[1].conditions[0].values[1]"},
        Rejection{"CidrMissingLength", WithRule(kRule + R"pb(resources: "*"
                                                             source_cidrs: "10.0.0.0/8"
                                                             source_cidrs: "10.0.0.1")pb"),
                  "rules[1].source_cidrs[1]"},
        Rejection{"CidrHostBits",
                  WithRule(kRule + R"pb(resources: "*" source_cidrs: "10.0.0.1/8")pb"),
                  "rules[1].source_cidrs[0]"},
        Rejection{"CidrV6TooLong", WithRule(kRule + R"pb(resources: "*"
                                                         source_cidrs: "2001:db8::/200")pb"),
                  "rules[1].source_cidrs[0]"},
        Rejection{"CidrGarbage", WithRule(kRule + R"pb(resources: "*" source_cidrs: "lan")pb"),
                  "rules[1].source_cidrs[0]"},
        Rejection{"UnknownTimeZone",
                  WithRule(kRule + R"pb(resources: "*"
                                        time_window { time_zone: "Mars/Olympus" })pb"),
                  "rules[1].time_window.time_zone"},
        Rejection{"TimeZonePath",
                  WithRule(kRule + R"pb(resources: "*"
                                        time_window { time_zone: "../../etc/passwd" })pb"),
                  "rules[1].time_window.time_zone"},
        Rejection{"StartMinuteRange",
                  WithRule(kRule + R"pb(resources: "*"
                                        time_window { daily_start_minute: 1440 })pb"),
                  "rules[1].time_window.daily_start_minute"},
        Rejection{"EndMinuteRange",
                  WithRule(kRule + R"pb(resources: "*"
                                        time_window { daily_end_minute: -1 })pb"),
                  "rules[1].time_window.daily_end_minute"},
        Rejection{"EmptyDailyWindow", WithRule(kRule + R"pb(resources: "*"
                                                            time_window {
                                                              daily_start_minute: 600
                                                              daily_end_minute: 600
                                                            })pb"),
                  "rules[1].time_window.daily_end_minute"},
        Rejection{"WeekdayUnspecified", WithRule(kRule + R"pb(resources: "*"
                                                              time_window {
                                                                weekdays: WEEKDAY_MONDAY
                                                                weekdays: WEEKDAY_UNSPECIFIED
                                                              })pb"),
                  "rules[1].time_window.weekdays[1]"},
        Rejection{"NotAfterBeforeNotBefore", WithRule(kRule + R"pb(resources: "*"
                                                                   time_window {
                                                                     not_before { seconds: 100 }
                                                                     not_after { seconds: 99 }
                                                                   })pb"),
                  "rules[1].time_window.not_after"},
        Rejection{"BadTimestamp",
                  WithRule(kRule + R"pb(resources: "*"
                                        time_window { not_before { nanos: -1 } })pb"),
                  "rules[1].time_window.not_before"}),
    [](const ::testing::TestParamInfo<Rejection>& info) { return info.param.name; });

TEST(PolicyCompilerTest, AcceptsAFullDocument) {
  const cam::v1::PolicyDocument document = Doc(R"pb(
    policy_id: "acme.base-1"
    tenant: "acme"
    description: "base"
    enforcement: POLICY_ENFORCEMENT_ENFORCE
    rules {
      rule_id: "writers"
      effect: POLICY_EFFECT_ALLOW
      principals { kind: PRINCIPAL_KIND_AGENT id: "writer-*" scopes: "memory" }
      principals { id: "svc-1" }
      actions: "memory.write"
      actions: "memory.*"
      actions: "*"
      resources: "ns/team/**"
      resources: "ns/team"
      resources: "agent/a-1"
      resources: "audit"
      resources: "system"
      resources: "*"
      conditions { key: "claims.amr" op: CONDITION_OPERATOR_CONTAINS_ALL values: "mtls" }
      conditions { key: "principal.kind" op: CONDITION_OPERATOR_EQUALS values: "agent" }
      source_cidrs: "10.0.0.0/8"
      source_cidrs: "2001:db8::/32"
      time_window {
        not_before { seconds: 1 }
        not_after { seconds: 2000000000 }
        daily_start_minute: 1320
        daily_end_minute: 1440
        weekdays: WEEKDAY_SUNDAY
        time_zone: "America/New_York"
      }
    })pb");
  EXPECT_THAT(ValidatePolicyDocument(document), IsOk());
  // An empty document is valid too: it is how a policy is emptied.
  EXPECT_THAT(ValidatePolicyDocument(Doc(R"pb(policy_id: "empty")pb")), IsOk());
}

TEST(PolicyCompilerTest, RefusesDuplicatePolicyIdsInASet) {
  const std::vector<cam::v1::PolicyDocument> documents = {Doc(R"pb(policy_id: "p")pb"),
                                                          Doc(R"pb(policy_id: "p")pb")};
  EXPECT_THAT(CompilePolicySet(documents), HasReason("CAM_POLICY_INVALID"));
}

TEST(PolicyCompilerTest, SetErrorNamesThePolicy) {
  const std::vector<cam::v1::PolicyDocument> documents = {Doc(R"pb(policy_id: "good")pb"),
                                                          Doc(R"pb(policy_id: "bad"
                                                                   rules { rule_id: "r" })pb")};
  const auto set = CompilePolicySet(documents);
  ASSERT_THAT(set, HasReason("CAM_POLICY_INVALID"));
  const absl::string_view message = set.status().message();
  EXPECT_TRUE(absl::StartsWith(message, "policy bad: rules[0].effect: ")) << message;
}

}  // namespace
}  // namespace cam::policy
