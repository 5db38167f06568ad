#include "policy/policy_lint.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace cam::policy {
namespace {

using cam::v1::PolicyDiagnostic;
using cam::v1::PolicyRule;

PolicyDiagnostic Warning(const PolicyRule& rule, std::string field, std::string message) {
  PolicyDiagnostic diagnostic;
  diagnostic.set_severity(cam::v1::DIAGNOSTIC_SEVERITY_WARNING);
  diagnostic.set_rule_id(rule.rule_id());
  diagnostic.set_field(std::move(field));
  diagnostic.set_message(std::move(message));
  return diagnostic;
}

bool IsKnownAction(const std::string& action, const std::set<std::string>& known) {
  if (action == "*" || known.contains(action)) return true;
  if (action.size() > 2 && action.ends_with(".*")) {
    const std::string family = action.substr(0, action.size() - 1);  // "memory."
    auto it = known.lower_bound(family);
    return it != known.end() && it->starts_with(family);
  }
  return false;
}

// Unconditional: nothing but principals, actions and resources decide whether the rule matches.
bool IsUnconditional(const PolicyRule& rule) {
  return rule.conditions_size() == 0 && rule.source_cidrs_size() == 0 && !rule.has_time_window();
}

bool MatchesEveryone(const PolicyRule& rule) {
  return std::any_of(rule.principals().begin(), rule.principals().end(), [](const auto& m) {
    return m.kind() == cam::v1::PRINCIPAL_KIND_UNSPECIFIED && (m.id().empty() || m.id() == "*") &&
           m.scopes_size() == 0;
  });
}

bool Contains(const google::protobuf::RepeatedPtrField<std::string>& values,
              const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// Whether the deny rule's actions include `action` for certain.
bool ActionCovered(const PolicyRule& deny, const std::string& action) {
  if (Contains(deny.actions(), "*") || Contains(deny.actions(), action)) return true;
  const size_t dot = action.find('.');
  return dot != std::string::npos && Contains(deny.actions(), action.substr(0, dot) + ".*");
}

bool ResourceCovered(const PolicyRule& deny, const std::string& resource) {
  return Contains(deny.resources(), "*") || Contains(deny.resources(), resource);
}

// Whether `deny` matches every request `allow` matches, for certain.
bool Covers(const PolicyRule& deny, const PolicyRule& allow) {
  if (!IsUnconditional(deny) || !MatchesEveryone(deny)) return false;
  for (const std::string& action : allow.actions()) {
    if (!ActionCovered(deny, action)) return false;
  }
  for (const std::string& resource : allow.resources()) {
    if (!ResourceCovered(deny, resource)) return false;
  }
  return true;
}

}  // namespace

std::vector<PolicyDiagnostic> LintPolicy(const cam::v1::PolicyDocument& document,
                                         const std::set<std::string>& known_actions) {
  std::vector<PolicyDiagnostic> warnings;
  for (const PolicyRule& rule : document.rules()) {
    if (!known_actions.empty()) {
      for (int i = 0; i < rule.actions_size(); ++i) {
        if (!IsKnownAction(rule.actions(i), known_actions)) {
          warnings.push_back(Warning(rule, absl::StrCat("actions[", i, "]"),
                                     "no call has this action: the rule never matches it"));
        }
      }
    }
    if (rule.effect() != cam::v1::POLICY_EFFECT_ALLOW) continue;
    if (MatchesEveryone(rule) && IsUnconditional(rule) && Contains(rule.actions(), "*") &&
        Contains(rule.resources(), "*")) {
      warnings.push_back(Warning(rule, "",
                                 "allows every action on every resource to every principal of "
                                 "the tenant, unconditionally"));
    }
    for (const PolicyRule& other : document.rules()) {
      if (other.effect() == cam::v1::POLICY_EFFECT_DENY && Covers(other, rule)) {
        warnings.push_back(Warning(rule, "",
                                   absl::StrCat("never takes effect: deny rule '", other.rule_id(),
                                                "' matches everything it allows, and deny wins")));
        break;
      }
    }
  }
  return warnings;
}

}  // namespace cam::policy
