// File: policy/decision.h
// Decision: the outcome of one policy evaluation, with every rule that matched (enforced and
// shadow) so the decision record and ExplainAction can name them precisely.
#ifndef CAM_POLICY_DECISION_H_
#define CAM_POLICY_DECISION_H_

#include <cstdint>
#include <string>
#include <vector>

namespace cam::policy {

// Effect mirrors cam.v1.PolicyEffect (ALLOW = 1, DENY = 2); UNSPECIFIED never compiles.
enum class Effect : int { kAllow = 1, kDeny = 2 };

// DecisionReason mirrors cam.v1.DecisionReason (ALLOWED = 1, EXPLICIT_DENY = 2, DEFAULT_DENY = 3).
enum class DecisionReason : int { kAllowed = 1, kExplicitDeny = 2, kDefaultDeny = 3 };

struct MatchedRule {
  std::string policy_id;
  int64_t policy_version = 0;
  std::string rule_id;
  Effect effect = Effect::kDeny;
  bool shadow = false;  // from a SHADOW document: reported, never enforced

  bool operator==(const MatchedRule&) const = default;
};

struct Decision {
  bool allowed = false;
  DecisionReason reason = DecisionReason::kDefaultDeny;
  // Every matching rule, enforced and shadow, in a stable order: documents by policy_id, then
  // rules in document order.
  std::vector<MatchedRule> matched_rules;
  // Index in matched_rules of the rule that decided: the first enforced deny if any, else the
  // first enforced allow; -1 when nothing enforced matched (deny by default).
  int deciding_index = -1;

  // DecidingRule names the deciding rule as "<policy_id>/<rule_id>", or "deny-by-default".
  std::string DecidingRule() const {
    if (deciding_index < 0) return "deny-by-default";
    const MatchedRule& rule = matched_rules[static_cast<size_t>(deciding_index)];
    return rule.policy_id + "/" + rule.rule_id;
  }

  bool operator==(const Decision&) const = default;
};

}  // namespace cam::policy

#endif  // CAM_POLICY_DECISION_H_
