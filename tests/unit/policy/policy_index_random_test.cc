// File: tests/unit/policy/policy_index_random_test.cc
// The index must not change any decision: ~1000 random rules, 10000 random requests, and the
// indexed Decide must equal the linear DecideByScan, matched rules and all.
#include <gtest/gtest.h>

#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "policy/compiled_policy_set.h"
#include "policy/policy_compiler.h"
#include "policy_test_util.h"

namespace cam::policy {
namespace {

class RandomPolicy {
 public:
  explicit RandomPolicy(uint32_t seed) : rng_(seed) {}

  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[rng_() % items.size()];
  }
  bool Chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }
  int Below(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }

  std::string PrincipalId() {
    switch (Below(3)) {
      case 0:
        return absl::StrCat("agent-", Below(200));
      case 1:
        return absl::StrCat("svc-", Below(40));
      default:
        return absl::StrCat("ops-", Below(5));
    }
  }

  std::string Action() { return absl::StrCat(Pick(families_), ".", Pick(verbs_)); }

  std::string Resource() {
    switch (Below(6)) {
      case 0:
      case 1:
      case 2:
        return absl::StrCat("ns/team", Below(10), "/", Pick(keys_));
      case 3:
        return absl::StrCat("ns/team", Below(10));
      case 4:
        return absl::StrCat("agent/agent-", Below(60));
      default:
        return Pick(std::vector<std::string>{"audit", "system", "policy/base", "key/k1"});
    }
  }

  void FillRule(cam::v1::PolicyRule& rule, int index) {
    rule.set_rule_id(absl::StrCat("r", index));
    rule.set_effect(Chance(25) ? cam::v1::POLICY_EFFECT_DENY : cam::v1::POLICY_EFFECT_ALLOW);
    const int matchers = 1 + Below(3);
    for (int m = 0; m < matchers; ++m) {
      cam::v1::PrincipalMatcher* matcher = rule.add_principals();
      if (Chance(40)) matcher->set_kind(static_cast<cam::v1::PrincipalKind>(1 + Below(3)));
      const int id_shape = Below(20);
      if (id_shape < 15) {
        matcher->set_id(PrincipalId());
      } else if (id_shape < 19) {
        matcher->set_id(Pick(std::vector<std::string>{"agent-1*", "svc-*", "*-3", "ops-*"}));
      }
      if (Chance(15)) matcher->add_scopes(Pick(scopes_));
    }
    const int actions = 1 + Below(3);
    for (int a = 0; a < actions; ++a) {
      const int shape = Below(40);
      if (shape < 30) {
        rule.add_actions(Action());
      } else if (shape < 39) {
        rule.add_actions(absl::StrCat(Pick(families_), ".*"));
      } else {
        rule.add_actions("*");
      }
    }
    const int resources = 1 + Below(2);
    for (int r = 0; r < resources; ++r) {
      switch (Below(8)) {
        case 0:
          rule.add_resources(Chance(20) ? "*" : "ns/*");
          break;
        case 1:
          rule.add_resources(absl::StrCat("ns/team", Below(10), "/**"));
          break;
        case 2:
          rule.add_resources(absl::StrCat("ns/team", Below(10), "/*"));
          break;
        case 3:
          rule.add_resources("ns/*/notes/*");
          break;
        case 4:
          rule.add_resources(absl::StrCat("ns/team", Below(10)));
          break;
        case 5:
          rule.add_resources("agent/agent-*");
          break;
        case 6:
          rule.add_resources(absl::StrCat("ns/team*/", Pick(keys_)));
          break;
        default:
          rule.add_resources(Pick(std::vector<std::string>{"audit", "system", "policy/*"}));
          break;
      }
    }
    if (Chance(20)) {
      cam::v1::Condition* condition = rule.add_conditions();
      condition->set_key("claims.dept");
      condition->set_op(Chance(50) ? cam::v1::CONDITION_OPERATOR_EQUALS
                                   : cam::v1::CONDITION_OPERATOR_NOT_EQUALS);
      condition->add_values(Pick(depts_));
    }
    if (Chance(10)) rule.add_source_cidrs(Chance(50) ? "10.0.0.0/8" : "2001:db8::/32");
    if (Chance(10)) {
      rule.mutable_time_window()->set_daily_start_minute(Below(1440));
      rule.mutable_time_window()->set_daily_end_minute(Below(1440) + 1);
      if (rule.time_window().daily_start_minute() == rule.time_window().daily_end_minute()) {
        rule.mutable_time_window()->set_daily_end_minute(0);
        rule.mutable_time_window()->set_daily_start_minute(0);
      }
    }
  }

  std::vector<cam::v1::PolicyDocument> Documents(int rule_count) {
    std::vector<cam::v1::PolicyDocument> documents;
    int made = 0;
    for (int d = 0; made < rule_count; ++d) {
      cam::v1::PolicyDocument& document = documents.emplace_back();
      document.set_policy_id(absl::StrCat("doc-", d));
      document.set_version(1 + Below(5));
      document.set_tenant(Pick(tenants_));
      if (Chance(20)) document.set_enforcement(cam::v1::POLICY_ENFORCEMENT_SHADOW);
      const int rules = std::min(rule_count - made, 20 + Below(60));
      for (int i = 0; i < rules; ++i) FillRule(*document.add_rules(), i);
      made += rules;
    }
    return documents;
  }

  AccessRequest Request() {
    AccessRequest request;
    request.principal_id = PrincipalId();
    request.principal_kind = static_cast<PrincipalKind>(Below(4));
    request.tenant = Pick(tenants_);
    if (Chance(50)) request.scopes.push_back(Pick(scopes_));
    if (Chance(60)) request.claims["dept"] = {Pick(depts_)};
    request.action = Chance(95) ? Action() : "bogus";
    request.resource = Resource();
    request.source_address =
        Pick(std::vector<std::string>{"10.1.2.3", "2001:db8::1", "", "192.0.2.1"});
    request.time = absl::FromUnixSeconds(1767225600 + Below(86400 * 7));
    return request;
  }

 private:
  std::mt19937 rng_;
  const std::vector<std::string> families_ = {"memory", "policy", "agents", "audit", "crypto"};
  const std::vector<std::string> verbs_ = {"read", "write", "list", "delete", "query"};
  const std::vector<std::string> keys_ = {"a", "b", "notes", "cfg.json"};
  const std::vector<std::string> scopes_ = {"read", "write", "admin"};
  const std::vector<std::string> depts_ = {"eng", "ops", "sales"};
  const std::vector<std::string> tenants_ = {"acme", "globex", ""};
};

TEST(PolicyIndexRandomTest, IndexedEqualsLinearScan) {
  for (const uint32_t seed : {1u, 7u, 20261123u}) {
    RandomPolicy random(seed);
    const std::vector<cam::v1::PolicyDocument> documents = random.Documents(1000);
    const absl::StatusOr<std::shared_ptr<const CompiledPolicySet>> set =
        CompilePolicySet(documents);
    ASSERT_TRUE(set.ok()) << set.status();
    ASSERT_EQ((*set)->rule_count(), 1000u);
    int allowed = 0;
    int explicit_deny = 0;
    int with_shadow = 0;
    for (int i = 0; i < 10000; ++i) {
      const AccessRequest request = random.Request();
      const Decision indexed = (*set)->Decide(request);
      const Decision scanned = (*set)->DecideByScan(request);
      ASSERT_EQ(indexed, scanned) << "seed " << seed << " request " << i << " "
                                  << request.principal_id << " " << request.action << " "
                                  << request.resource;
      allowed += indexed.allowed ? 1 : 0;
      explicit_deny += indexed.reason == DecisionReason::kExplicitDeny ? 1 : 0;
      for (const MatchedRule& rule : indexed.matched_rules) {
        if (rule.shadow) {
          ++with_shadow;
          break;
        }
      }
    }
    // The random shapes exercise every outcome, not just default deny.
    EXPECT_GT(allowed, 500) << seed;
    EXPECT_GT(explicit_deny, 500) << seed;
    EXPECT_GT(with_shadow, 200) << seed;
    EXPECT_LT(allowed + explicit_deny, 9500) << seed;
    std::cout << "seed " << seed << ": " << allowed << " allowed, " << explicit_deny
              << " explicit deny, " << with_shadow << " with shadow matches of 10000\n";
  }
}

}  // namespace
}  // namespace cam::policy
