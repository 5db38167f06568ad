// File: tests/unit/policy/policy_lint_test.cc
#include "policy/policy_lint.h"

#include <gtest/gtest.h>

#include "policy_test_util.h"

namespace cam::policy {
namespace {

using testing::Doc;

const std::set<std::string> kActions = {"memory.read", "memory.write", "policy.update"};

std::vector<std::string> Findings(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& d : LintPolicy(Doc(text), kActions)) {
    EXPECT_EQ(d.severity(), cam::v1::DIAGNOSTIC_SEVERITY_WARNING);
    out.push_back(d.rule_id() + "|" + d.field() + "|" + d.message());
  }
  return out;
}

TEST(PolicyLintTest, CleanDocumentHasNoWarnings) {
  EXPECT_TRUE(Findings(R"pb(policy_id: "p"
                            rules {
                              rule_id: "r"
                              effect: POLICY_EFFECT_ALLOW
                              principals { kind: PRINCIPAL_KIND_AGENT id: "agent-*" }
                              actions: "memory.read"
                              actions: "memory.*"
                              resources: "ns/team/**"
                            })pb")
                  .empty());
}

TEST(PolicyLintTest, UnknownActionsAndFamiliesAreNamedByField) {
  const auto findings = Findings(R"pb(policy_id: "p"
                                      rules {
                                        rule_id: "typo"
                                        effect: POLICY_EFFECT_DENY
                                        principals {}
                                        actions: "memory.read"
                                        actions: "memory.wirte"
                                        actions: "memroy.*"
                                        resources: "ns/team/**"
                                      })pb");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].substr(0, findings[0].find('|', 5) + 1), "typo|actions[1]|");
  EXPECT_EQ(findings[1].substr(0, findings[1].find('|', 5) + 1), "typo|actions[2]|");
  // Without a catalogue the action check is off.
  EXPECT_TRUE(LintPolicy(Doc(R"pb(policy_id: "p"
                                  rules {
                                    rule_id: "r"
                                    effect: POLICY_EFFECT_DENY
                                    principals {}
                                    actions: "x.y"
                                    resources: "*"
                                  })pb"),
                         {})
                  .empty());
}

TEST(PolicyLintTest, AllowEverythingToEveryoneIsFlaggedUnlessConditioned) {
  const std::string open = R"pb(policy_id: "p"
                                rules {
                                  rule_id: "open"
                                  effect: POLICY_EFFECT_ALLOW
                                  principals {}
                                  actions: "*"
                                  resources: "*"
                                })pb";
  ASSERT_EQ(Findings(open).size(), 1u);
  EXPECT_NE(Findings(open)[0].find("every principal"), std::string::npos);
  EXPECT_TRUE(Findings(R"pb(policy_id: "p"
                            rules {
                              rule_id: "office"
                              effect: POLICY_EFFECT_ALLOW
                              principals {}
                              actions: "*"
                              resources: "*"
                              source_cidrs: "10.0.0.0/8"
                            })pb")
                  .empty());
}

TEST(PolicyLintTest, AllowFullyCoveredByADenyNeverTakesEffect) {
  const auto findings = Findings(R"pb(policy_id: "p"
                                      rules {
                                        rule_id: "grant"
                                        effect: POLICY_EFFECT_ALLOW
                                        principals { id: "agent-1" }
                                        actions: "memory.write"
                                        resources: "ns/team/**"
                                      }
                                      rules {
                                        rule_id: "freeze"
                                        effect: POLICY_EFFECT_DENY
                                        principals {}
                                        actions: "memory.*"
                                        resources: "ns/team/**"
                                      })pb");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_NE(findings[0].find("grant||never takes effect: deny rule 'freeze'"), std::string::npos);

  // A conditional deny or one that does not cover every resource is no finding.
  EXPECT_TRUE(Findings(R"pb(policy_id: "p"
                            rules {
                              rule_id: "grant"
                              effect: POLICY_EFFECT_ALLOW
                              principals { id: "agent-1" }
                              actions: "memory.write"
                              resources: "ns/team/**"
                              resources: "ns/other/**"
                            }
                            rules {
                              rule_id: "freeze"
                              effect: POLICY_EFFECT_DENY
                              principals {}
                              actions: "memory.*"
                              resources: "ns/team/**"
                            })pb")
                  .empty());
  EXPECT_TRUE(Findings(R"pb(policy_id: "p"
                            rules {
                              rule_id: "grant"
                              effect: POLICY_EFFECT_ALLOW
                              principals { id: "agent-1" }
                              actions: "memory.write"
                              resources: "ns/team/**"
                            }
                            rules {
                              rule_id: "night"
                              effect: POLICY_EFFECT_DENY
                              principals {}
                              actions: "*"
                              resources: "*"
                              source_cidrs: "192.0.2.0/24"
                            })pb")
                  .empty());
}

}  // namespace
}  // namespace cam::policy
