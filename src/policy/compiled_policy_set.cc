// File: policy/compiled_policy_set.cc
#include "policy/compiled_policy_set.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <span>
#include <string_view>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/time/civil_time.h"

namespace cam::policy {
namespace {

using internal::CompiledCondition;
using internal::CompiledMatcher;
using internal::CompiledRule;
using internal::CompiledTimeWindow;
using internal::ConditionOp;
using internal::ConditionSource;

absl::string_view AbslView(std::string_view view) { return {view.data(), view.size()}; }

// Per-decision facts computed at most once, and only if some candidate rule needs them.
class EvalContext {
 public:
  explicit EvalContext(const AccessRequest& request) : request_(request) {}

  const AccessRequest& request() const { return request_; }

  const std::optional<IpAddress>& source() {
    if (!source_parsed_) {
      source_ = IpAddress::Parse(request_.source_address);
      source_parsed_ = true;
    }
    return source_;
  }

 private:
  const AccessRequest& request_;
  bool source_parsed_ = false;
  std::optional<IpAddress> source_;
};

bool MatcherMatches(const CompiledMatcher& matcher, const AccessRequest& request) {
  if (matcher.kind != PrincipalKind::kUnspecified && matcher.kind != request.principal_kind) {
    return false;
  }
  if (matcher.has_id && !matcher.id->Matches(request.principal_id)) return false;
  for (const std::string& scope : matcher.scopes) {
    if (std::find(request.scopes.begin(), request.scopes.end(), scope) == request.scopes.end()) {
      return false;
    }
  }
  return true;
}

bool ActionMatches(const CompiledRule& rule, std::string_view action) {
  for (const internal::CompiledAction& pattern : rule.actions) {
    switch (pattern.kind) {
      case internal::CompiledAction::Kind::kAny:
        return true;
      case internal::CompiledAction::Kind::kExact:
        if (action == pattern.text) return true;
        break;
      case internal::CompiledAction::Kind::kFamily:
        if (action.size() > pattern.text.size() && action.starts_with(pattern.text) &&
            action[pattern.text.size()] == '.') {
          return true;
        }
        break;
    }
  }
  return false;
}

std::optional<double> ParseNumber(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

template <typename Values>
bool OpHolds(const CompiledCondition& condition, const Values& present) {
  auto is_wanted = [&](std::string_view value) {
    return std::find(condition.values.begin(), condition.values.end(), value) !=
           condition.values.end();
  };
  switch (condition.op) {
    case ConditionOp::kPresent:
      return true;
    case ConditionOp::kAbsent:
      return false;
    case ConditionOp::kEquals:
      return std::any_of(present.begin(), present.end(), is_wanted);
    case ConditionOp::kNotEquals:
      return std::none_of(present.begin(), present.end(), is_wanted);
    case ConditionOp::kPrefix:
      for (std::string_view value : present) {
        for (const std::string& prefix : condition.values) {
          if (value.starts_with(prefix)) return true;
        }
      }
      return false;
    case ConditionOp::kGlob:
      for (std::string_view value : present) {
        for (const Glob& glob : condition.globs) {
          if (glob.Matches(value)) return true;
        }
      }
      return false;
    case ConditionOp::kLessThan:
    case ConditionOp::kGreaterThan: {
      if (std::distance(present.begin(), present.end()) != 1) return false;
      const std::optional<double> number = ParseNumber(*present.begin());
      if (!number.has_value()) return false;
      return condition.op == ConditionOp::kLessThan ? *number < condition.number
                                                    : *number > condition.number;
    }
    case ConditionOp::kContainsAll:
      for (const std::string& wanted : condition.values) {
        if (std::find(present.begin(), present.end(), wanted) == present.end()) return false;
      }
      return true;
  }
  return false;
}

bool ConditionHolds(const CompiledCondition& condition, const AccessRequest& request) {
  const AttributeMap* map = nullptr;
  switch (condition.source) {
    case ConditionSource::kClaim:
      map = &request.claims;
      break;
    case ConditionSource::kContext:
      map = &request.context;
      break;
    case ConditionSource::kPrincipalId:
      return OpHolds(condition, std::span<const std::string>(&request.principal_id, 1));
    case ConditionSource::kPrincipalTenant:
      return OpHolds(condition, std::span<const std::string>(&request.tenant, 1));
    case ConditionSource::kPrincipalKind: {
      const std::string_view kind = PrincipalKindName(request.principal_kind);
      return OpHolds(condition, std::span<const std::string_view>(&kind, 1));
    }
    case ConditionSource::kPrincipalScopes:
      return OpHolds(condition, request.scopes);
  }
  const auto it = map->find(condition.name);
  // A missing attribute fails every operator but ABSENT: a rule never allows by omission.
  if (it == map->end()) return condition.op == ConditionOp::kAbsent;
  return OpHolds(condition, it->second);
}

bool InWindow(const CompiledTimeWindow& window, absl::Time time) {
  if (window.not_before.has_value() && time < *window.not_before) return false;
  if (window.not_after.has_value() && time > *window.not_after) return false;
  if (!window.needs_local_time()) return true;
  const absl::CivilSecond local = window.zone.At(time).cs;
  if (window.weekday_mask != 0) {
    // absl numbers Monday 0 .. Sunday 6; cam.v1.Weekday numbers Monday 1 .. Sunday 7.
    const int weekday = static_cast<int>(absl::GetWeekday(absl::CivilDay(local))) + 1;
    if ((window.weekday_mask & (1u << weekday)) == 0) return false;
  }
  if (!window.all_day) {
    const int minute = local.hour() * 60 + local.minute();
    if (window.start_minute < window.end_minute) {
      if (minute < window.start_minute || minute >= window.end_minute) return false;
    } else if (minute < window.start_minute && minute >= window.end_minute) {
      return false;  // a window that wraps past midnight: [start, 24h) + [0, end)
    }
  }
  return true;
}

// Everything but the tenant, the principal and the action, which the index (or the scan)
// has already checked.
bool RestMatches(const CompiledRule& rule, EvalContext& context) {
  const AccessRequest& request = context.request();
  bool resource_ok = false;
  for (const Glob& resource : rule.resources) {
    if (resource.Matches(request.resource)) {
      resource_ok = true;
      break;
    }
  }
  if (!resource_ok) return false;
  for (const CompiledCondition& condition : rule.conditions) {
    if (!ConditionHolds(condition, request)) return false;
  }
  if (!rule.source_cidrs.empty()) {
    const std::optional<IpAddress>& source = context.source();
    if (!source.has_value()) return false;
    bool in_network = false;
    for (const Cidr& cidr : rule.source_cidrs) {
      if (cidr.Contains(*source)) {
        in_network = true;
        break;
      }
    }
    if (!in_network) return false;
  }
  if (rule.time_window.has_value() && !InWindow(*rule.time_window, request.time)) return false;
  return true;
}

std::string_view FamilyOf(std::string_view action) {
  const size_t dot = action.find('.');
  return dot == std::string_view::npos ? std::string_view() : action.substr(0, dot);
}

}  // namespace

std::shared_ptr<const CompiledPolicySet> CompiledPolicySet::Build(
    std::vector<internal::CompiledRule> rules) {
  std::shared_ptr<CompiledPolicySet> set(new CompiledPolicySet());
  set->rules_ = std::move(rules);
  for (const CompiledRule& rule : set->rules_) set->Index(rule);
  return set;
}

std::shared_ptr<const CompiledPolicySet> CompiledPolicySet::Empty() { return Build({}); }

void CompiledPolicySet::Index(const CompiledRule& rule) {
  ActionIndex& actions = rule.tenant.empty() ? global_ : by_tenant_[rule.tenant];
  for (const internal::CompiledAction& action : rule.actions) {
    PrincipalIndex* principals = nullptr;
    switch (action.kind) {
      case internal::CompiledAction::Kind::kAny:
        principals = &actions.any;
        break;
      case internal::CompiledAction::Kind::kExact:
        principals = &actions.exact[action.text];
        break;
      case internal::CompiledAction::Kind::kFamily:
        principals = &actions.family[action.text];
        break;
    }
    for (uint32_t m = 0; m < rule.principals.size(); ++m) {
      const CompiledMatcher& matcher = rule.principals[m];
      const Candidate candidate{rule.ordinal, m};
      if (matcher.has_id && matcher.id_is_literal) {
        principals->by_id[matcher.id->pattern()].push_back(candidate);
      } else if (matcher.has_id && !matcher.id->literal_prefix().empty()) {
        const std::string_view prefix = matcher.id->literal_prefix();
        principals->by_id_prefix[AbslView(prefix)].push_back(candidate);
        std::vector<size_t>& lengths = principals->prefix_lengths;
        const auto at = std::lower_bound(lengths.begin(), lengths.end(), prefix.size());
        if (at == lengths.end() || *at != prefix.size()) lengths.insert(at, prefix.size());
      } else {
        principals->by_kind[static_cast<size_t>(matcher.kind)].push_back(candidate);
      }
    }
  }
}

Decision CompiledPolicySet::Decide(const AccessRequest& request) const {
  // Ordinals of rules whose tenant, action and one principal matcher match. Rules reach here
  // through disjoint action lists (the compiler drops actions covered by another of the same
  // rule), but a rule with several matching matchers appears more than once.
  absl::InlinedVector<uint32_t, 128> candidates;
  const std::string_view family = FamilyOf(request.action);
  const size_t kind = static_cast<size_t>(request.principal_kind);

  auto collect = [&](const PrincipalIndex& principals) {
    auto scan = [&](const std::vector<Candidate>& list) {
      for (const Candidate& candidate : list) {
        if (MatcherMatches(rules_[candidate.rule].principals[candidate.matcher], request)) {
          candidates.push_back(candidate.rule);
        }
      }
    };
    if (!principals.by_id.empty()) {
      const auto it = principals.by_id.find(AbslView(request.principal_id));
      if (it != principals.by_id.end()) scan(it->second);
    }
    for (const size_t length : principals.prefix_lengths) {
      if (length > request.principal_id.size()) break;
      const auto it = principals.by_id_prefix.find(
          AbslView(std::string_view(request.principal_id).substr(0, length)));
      if (it != principals.by_id_prefix.end()) scan(it->second);
    }
    scan(principals.by_kind[0]);
    if (kind != 0 && kind < principals.by_kind.size()) scan(principals.by_kind[kind]);
  };
  auto collect_actions = [&](const ActionIndex& actions) {
    const auto exact = actions.exact.find(AbslView(request.action));
    if (exact != actions.exact.end()) collect(exact->second);
    if (!family.empty()) {
      const auto by_family = actions.family.find(AbslView(family));
      if (by_family != actions.family.end()) collect(by_family->second);
    }
    collect(actions.any);
  };

  collect_actions(global_);
  if (!request.tenant.empty() && !by_tenant_.empty()) {
    const auto it = by_tenant_.find(AbslView(request.tenant));
    if (it != by_tenant_.end()) collect_actions(it->second);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  return Finish(request, candidates.data(), candidates.size());
}

Decision CompiledPolicySet::DecideByScan(const AccessRequest& request) const {
  std::vector<uint32_t> candidates;
  for (const CompiledRule& rule : rules_) {
    if (!rule.tenant.empty() && rule.tenant != request.tenant) continue;
    if (!ActionMatches(rule, request.action)) continue;
    if (std::none_of(rule.principals.begin(), rule.principals.end(),
                     [&](const CompiledMatcher& m) { return MatcherMatches(m, request); })) {
      continue;
    }
    candidates.push_back(rule.ordinal);
  }
  return Finish(request, candidates.data(), candidates.size());
}

Decision CompiledPolicySet::Finish(const AccessRequest& request, const uint32_t* candidates,
                                   size_t count) const {
  Decision decision;
  EvalContext context(request);
  int first_allow = -1;
  int first_deny = -1;
  for (size_t i = 0; i < count; ++i) {
    const CompiledRule& rule = rules_[candidates[i]];
    if (!RestMatches(rule, context)) continue;
    // One allocation for the whole list, and none when nothing matches.
    if (decision.matched_rules.empty()) decision.matched_rules.reserve(count - i);
    const int index = static_cast<int>(decision.matched_rules.size());
    decision.matched_rules.push_back(MatchedRule{.policy_id = rule.policy_id,
                                                 .policy_version = rule.policy_version,
                                                 .rule_id = rule.rule_id,
                                                 .effect = rule.effect,
                                                 .shadow = rule.shadow});
    if (rule.shadow) continue;
    if (rule.effect == Effect::kDeny) {
      if (first_deny < 0) first_deny = index;
    } else if (first_allow < 0) {
      first_allow = index;
    }
  }
  if (first_deny >= 0) {
    decision.reason = DecisionReason::kExplicitDeny;
    decision.deciding_index = first_deny;
  } else if (first_allow >= 0) {
    decision.allowed = true;
    decision.reason = DecisionReason::kAllowed;
    decision.deciding_index = first_allow;
  }
  return decision;
}

}  // namespace cam::policy
