// File: policy/policy_compiler.cc
#include "policy/policy_compiler.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "base/reasons.h"
#include "base/status_macros.h"
#include "policy/internal/compiled_rule.h"

namespace cam::policy {
namespace {

using internal::CompiledAction;
using internal::CompiledCondition;
using internal::CompiledMatcher;
using internal::CompiledRule;
using internal::CompiledTimeWindow;
using internal::ConditionOp;
using internal::ConditionSource;

constexpr size_t kMaxRules = 1000;
constexpr size_t kMaxPrincipals = 64;
constexpr size_t kMaxActions = 64;
constexpr size_t kMaxResources = 64;
constexpr size_t kMaxConditions = 32;
constexpr size_t kMaxConditionValues = 64;
constexpr size_t kMaxCidrs = 64;
constexpr size_t kMaxScopes = 32;
constexpr size_t kMaxDescription = 1024;
constexpr size_t kMaxPrincipalId = 256;
constexpr size_t kMaxConditionKey = 256;
constexpr size_t kMaxTimeZone = 64;
constexpr size_t kMaxUpdatedBy = 256;
constexpr size_t kMaxSha256 = 64;

std::string ToString(absl::string_view view) { return std::string(view.data(), view.size()); }
absl::string_view ToAbsl(std::string_view view) { return {view.data(), view.size()}; }

absl::Status Invalid(std::string_view field, std::string_view detail) {
  return base::WithField(
      base::Error(base::Reason::kPolicyInvalid, absl::StrCat(ToAbsl(field), ": ", ToAbsl(detail))),
      field);
}

std::string Index(std::string_view prefix, size_t i) {
  return absl::StrCat(ToAbsl(prefix), "[", i, "]");
}

// PATTERN_IDENTIFIER: ^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$
bool IsIdentifier(std::string_view text) {
  if (text.empty() || text.size() > 128) return false;
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (!alnum(text[0])) return false;
  return std::all_of(text.begin() + 1, text.end(),
                     [&](char c) { return alnum(c) || c == '_' || c == '.' || c == '-'; });
}

// `[a-z][a-z0-9_]*`: a family or verb of an action.
bool IsActionWord(std::string_view text) {
  if (text.empty() || !(text[0] >= 'a' && text[0] <= 'z')) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

absl::Status CheckLength(std::string_view field, std::string_view value, size_t max) {
  if (value.size() > max) {
    return Invalid(field, absl::StrCat("longer than ", max, " characters"));
  }
  return absl::OkStatus();
}

absl::Status CheckCount(std::string_view field, int count, size_t max, bool required) {
  if (required && count == 0) return Invalid(field, "required: at least one entry");
  if (static_cast<size_t>(count) > max) {
    return Invalid(field, absl::StrCat("more than ", max, " entries"));
  }
  return absl::OkStatus();
}

absl::StatusOr<CompiledMatcher> CompileMatcher(const std::string& field,
                                               const cam::v1::PrincipalMatcher& matcher) {
  CompiledMatcher out;
  const int kind = static_cast<int>(matcher.kind());
  if (kind < 0 || kind > 3) {
    return Invalid(field + ".kind", absl::StrCat("unknown principal kind ", kind));
  }
  out.kind = static_cast<PrincipalKind>(kind);
  if (!matcher.id().empty()) {
    CAM_RETURN_IF_ERROR(CheckLength(field + ".id", matcher.id(), kMaxPrincipalId));
    absl::StatusOr<Glob> id = Glob::Compile(matcher.id(), Glob::Mode::kFlat);
    if (!id.ok()) return Invalid(field + ".id", ToString(id.status().message()));
    out.has_id = true;
    out.id_is_literal = id->is_literal();
    out.id = *std::move(id);
  }
  CAM_RETURN_IF_ERROR(CheckCount(field + ".scopes", matcher.scopes_size(), kMaxScopes, false));
  for (int i = 0; i < matcher.scopes_size(); ++i) {
    if (!IsIdentifier(matcher.scopes(i))) {
      return Invalid(Index(field + ".scopes", i), "not an identifier");
    }
    out.scopes.push_back(matcher.scopes(i));
  }
  return out;
}

absl::StatusOr<CompiledAction> CompileAction(const std::string& field, std::string_view action) {
  if (action == "*") return CompiledAction{.kind = CompiledAction::Kind::kAny};
  const size_t dot = action.find('.');
  if (dot == std::string_view::npos) {
    return Invalid(field, "expected `family.verb`, `family.*` or `*`");
  }
  const std::string_view family = action.substr(0, dot);
  const std::string_view verb = action.substr(dot + 1);
  if (!IsActionWord(family)) {
    return Invalid(field, "the family must match [a-z][a-z0-9_]*");
  }
  if (verb == "*") {
    return CompiledAction{.kind = CompiledAction::Kind::kFamily, .text = std::string(family)};
  }
  if (!IsActionWord(verb)) {
    return Invalid(field, "the verb must match [a-z][a-z0-9_]* (or be `*`)");
  }
  return CompiledAction{.kind = CompiledAction::Kind::kExact, .text = std::string(action)};
}

// Drops actions another action of the same rule already covers, so the index lists a rule at
// most once per request action.
std::vector<CompiledAction> NormaliseActions(std::vector<CompiledAction> actions) {
  for (const CompiledAction& action : actions) {
    if (action.kind == CompiledAction::Kind::kAny) return {action};
  }
  std::set<std::string> families;
  for (const CompiledAction& action : actions) {
    if (action.kind == CompiledAction::Kind::kFamily) families.insert(action.text);
  }
  std::vector<CompiledAction> out;
  std::set<std::pair<int, std::string>> seen;
  for (CompiledAction& action : actions) {
    if (action.kind == CompiledAction::Kind::kExact &&
        families.count(action.text.substr(0, action.text.find('.'))) > 0) {
      continue;
    }
    if (!seen.emplace(static_cast<int>(action.kind), action.text).second) continue;
    out.push_back(std::move(action));
  }
  return out;
}

absl::StatusOr<Glob> CompileResource(const std::string& field, std::string_view resource) {
  if (resource == "*") return Glob::Any();
  if (resource == "audit" || resource == "system") {
    return *Glob::Compile(resource, Glob::Mode::kPath);
  }
  CAM_RETURN_IF_ERROR(CheckLength(field, resource, Glob::kMaxPatternLength));
  for (const char c : resource) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-' || c == '/' || c == '*';
    if (!ok) {
      return Invalid(field, absl::StrCat("character '", std::string(1, c),
                                         "' is not allowed (use [A-Za-z0-9_.-/*])"));
    }
  }
  const size_t slash = resource.find('/');
  const std::string_view family = resource.substr(0, slash);
  static constexpr std::string_view kFamilies[] = {"ns",     "agent",  "task", "key",
                                                   "policy", "driver", "peer"};
  if (slash == std::string_view::npos ||
      std::find(std::begin(kFamilies), std::end(kFamilies), family) == std::end(kFamilies)) {
    return Invalid(field,
                   "expected `*`, `audit`, `system` or `<family>/<glob>` with family one of ns, "
                   "agent, task, key, policy, driver, peer");
  }
  const std::string_view rest = resource.substr(slash + 1);
  if (rest.empty() || rest.back() == '/' || rest.find("//") != std::string_view::npos) {
    return Invalid(field, "empty path segment");
  }
  absl::StatusOr<Glob> glob = Glob::Compile(resource, Glob::Mode::kPath);
  if (!glob.ok()) return Invalid(field, ToString(glob.status().message()));
  return glob;
}

absl::StatusOr<CompiledCondition> CompileCondition(const std::string& field,
                                                   const cam::v1::Condition& condition) {
  CompiledCondition out;
  const std::string& key = condition.key();
  const std::string key_field = field + ".key";
  if (key.empty()) return Invalid(key_field, "required");
  CAM_RETURN_IF_ERROR(CheckLength(key_field, key, kMaxConditionKey));
  if (key.starts_with("claims.") && key.size() > 7) {
    out.source = ConditionSource::kClaim;
    out.name = key.substr(7);
  } else if (key.starts_with("context.") && key.size() > 8) {
    out.source = ConditionSource::kContext;
    out.name = key.substr(8);
  } else if (key == "principal.id") {
    out.source = ConditionSource::kPrincipalId;
  } else if (key == "principal.tenant") {
    out.source = ConditionSource::kPrincipalTenant;
  } else if (key == "principal.kind") {
    out.source = ConditionSource::kPrincipalKind;
  } else if (key == "principal.scopes") {
    out.source = ConditionSource::kPrincipalScopes;
  } else {
    return Invalid(key_field,
                   "unknown key (use claims.<name>, context.<name>, principal.id, "
                   "principal.tenant, principal.kind or principal.scopes)");
  }

  const int op = static_cast<int>(condition.op());
  if (op < 1 || op > 9) {
    return Invalid(field + ".op", op == 0 ? "unspecified" : absl::StrCat("unknown operator ", op));
  }
  out.op = static_cast<ConditionOp>(op);
  const int count = condition.values_size();
  const std::string values_field = field + ".values";
  CAM_RETURN_IF_ERROR(CheckCount(values_field, count, kMaxConditionValues, false));
  switch (out.op) {
    case ConditionOp::kPresent:
    case ConditionOp::kAbsent:
      if (count != 0) return Invalid(values_field, "must be empty for PRESENT and ABSENT");
      break;
    case ConditionOp::kLessThan:
    case ConditionOp::kGreaterThan: {
      if (count != 1) {
        return Invalid(values_field, "LESS_THAN and GREATER_THAN take exactly one value");
      }
      const std::string& text = condition.values(0);
      double number = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
          !std::isfinite(number)) {
        return Invalid(Index(values_field, 0), "not a finite decimal number");
      }
      out.number = number;
      break;
    }
    default:
      if (count == 0) return Invalid(values_field, "at least one value is required");
      break;
  }
  for (int i = 0; i < count; ++i) {
    out.values.push_back(condition.values(i));
    if (out.op == ConditionOp::kGlob) {
      absl::StatusOr<Glob> glob = Glob::Compile(condition.values(i), Glob::Mode::kFlat);
      if (!glob.ok()) return Invalid(Index(values_field, i), ToString(glob.status().message()));
      out.globs.push_back(*std::move(glob));
    }
  }
  return out;
}

absl::StatusOr<absl::Time> CompileTimestamp(const std::string& field,
                                            const google::protobuf::Timestamp& timestamp) {
  // The RFC 3339 range google.protobuf.Timestamp allows: 0001-01-01 to 9999-12-31.
  if (timestamp.seconds() < -62135596800 || timestamp.seconds() > 253402300799 ||
      timestamp.nanos() < 0 || timestamp.nanos() > 999999999) {
    return Invalid(field, "not a valid timestamp");
  }
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

absl::StatusOr<CompiledTimeWindow> CompileTimeWindow(const std::string& field,
                                                     const cam::v1::TimeWindow& window) {
  CompiledTimeWindow out;
  if (window.has_not_before()) {
    CAM_ASSIGN_OR_RETURN(out.not_before,
                         CompileTimestamp(field + ".not_before", window.not_before()));
  }
  if (window.has_not_after()) {
    CAM_ASSIGN_OR_RETURN(out.not_after, CompileTimestamp(field + ".not_after", window.not_after()));
  }
  if (out.not_before.has_value() && out.not_after.has_value() && *out.not_before > *out.not_after) {
    return Invalid(field + ".not_after", "before not_before");
  }
  const int start = window.daily_start_minute();
  const int end = window.daily_end_minute();
  if (start < 0 || start > 1439) {
    return Invalid(field + ".daily_start_minute", "must be 0..1439");
  }
  if (end < 0 || end > 1440) return Invalid(field + ".daily_end_minute", "must be 0..1440");
  if (start == end && start != 0) {
    return Invalid(field + ".daily_end_minute",
                   "equals daily_start_minute: an empty window (use 0 and 0 for all day)");
  }
  out.all_day = (start == 0 && (end == 0 || end == 1440));
  out.start_minute = start;
  out.end_minute = end;
  CAM_RETURN_IF_ERROR(CheckCount(field + ".weekdays", window.weekdays_size(), 7, false));
  for (int i = 0; i < window.weekdays_size(); ++i) {
    const int day = window.weekdays(i);
    if (day < 1 || day > 7) {
      return Invalid(Index(field + ".weekdays", i), "must be MONDAY..SUNDAY");
    }
    out.weekday_mask = static_cast<uint8_t>(out.weekday_mask | (1u << day));
  }
  if (!window.time_zone().empty()) {
    CAM_RETURN_IF_ERROR(CheckLength(field + ".time_zone", window.time_zone(), kMaxTimeZone));
    // absl accepts a few fixed-offset spellings and file paths; policy zones must be IANA names.
    const std::string& name = window.time_zone();
    const bool plausible = name.find("..") == std::string::npos && name[0] != '/' &&
                           std::all_of(name.begin(), name.end(), [](char c) {
                             return std::isalnum(static_cast<unsigned char>(c)) || c == '/' ||
                                    c == '_' || c == '-' || c == '+';
                           });
    if (!plausible || !absl::LoadTimeZone(name, &out.zone)) {
      return Invalid(field + ".time_zone", "unknown time zone");
    }
  }
  return out;
}

absl::StatusOr<CompiledRule> CompileRule(const cam::v1::PolicyDocument& document, int index) {
  const cam::v1::PolicyRule& rule = document.rules(index);
  const std::string field = Index("rules", index);
  CompiledRule out;
  out.policy_id = document.policy_id();
  out.policy_version = document.version();
  out.tenant = document.tenant();
  out.shadow = document.enforcement() == cam::v1::POLICY_ENFORCEMENT_SHADOW;

  if (rule.rule_id().empty()) return Invalid(field + ".rule_id", "required");
  if (!IsIdentifier(rule.rule_id())) return Invalid(field + ".rule_id", "not an identifier");
  out.rule_id = rule.rule_id();
  CAM_RETURN_IF_ERROR(CheckLength(field + ".description", rule.description(), kMaxDescription));

  switch (rule.effect()) {
    case cam::v1::POLICY_EFFECT_ALLOW:
      out.effect = Effect::kAllow;
      break;
    case cam::v1::POLICY_EFFECT_DENY:
      out.effect = Effect::kDeny;
      break;
    case cam::v1::POLICY_EFFECT_UNSPECIFIED:
      return Invalid(field + ".effect", "unspecified: a rule must say ALLOW or DENY");
    default:
      return Invalid(field + ".effect",
                     absl::StrCat("unknown effect ", static_cast<int>(rule.effect())));
  }

  CAM_RETURN_IF_ERROR(
      CheckCount(field + ".principals", rule.principals_size(), kMaxPrincipals, true));
  for (int i = 0; i < rule.principals_size(); ++i) {
    CAM_ASSIGN_OR_RETURN(CompiledMatcher matcher,
                         CompileMatcher(Index(field + ".principals", i), rule.principals(i)));
    out.principals.push_back(std::move(matcher));
  }

  CAM_RETURN_IF_ERROR(CheckCount(field + ".actions", rule.actions_size(), kMaxActions, true));
  std::vector<CompiledAction> actions;
  for (int i = 0; i < rule.actions_size(); ++i) {
    CAM_ASSIGN_OR_RETURN(CompiledAction action,
                         CompileAction(Index(field + ".actions", i), rule.actions(i)));
    actions.push_back(std::move(action));
  }
  out.actions = NormaliseActions(std::move(actions));

  CAM_RETURN_IF_ERROR(CheckCount(field + ".resources", rule.resources_size(), kMaxResources, true));
  for (int i = 0; i < rule.resources_size(); ++i) {
    CAM_ASSIGN_OR_RETURN(Glob glob,
                         CompileResource(Index(field + ".resources", i), rule.resources(i)));
    out.resources.push_back(std::move(glob));
  }

  CAM_RETURN_IF_ERROR(
      CheckCount(field + ".conditions", rule.conditions_size(), kMaxConditions, false));
  for (int i = 0; i < rule.conditions_size(); ++i) {
    CAM_ASSIGN_OR_RETURN(CompiledCondition condition,
                         CompileCondition(Index(field + ".conditions", i), rule.conditions(i)));
    out.conditions.push_back(std::move(condition));
  }

  CAM_RETURN_IF_ERROR(
      CheckCount(field + ".source_cidrs", rule.source_cidrs_size(), kMaxCidrs, false));
  for (int i = 0; i < rule.source_cidrs_size(); ++i) {
    absl::StatusOr<Cidr> cidr = Cidr::Parse(rule.source_cidrs(i));
    if (!cidr.ok()) {
      return Invalid(Index(field + ".source_cidrs", i), ToString(cidr.status().message()));
    }
    out.source_cidrs.push_back(*cidr);
  }

  if (rule.has_time_window()) {
    CAM_ASSIGN_OR_RETURN(out.time_window,
                         CompileTimeWindow(field + ".time_window", rule.time_window()));
  }
  return out;
}

absl::StatusOr<std::vector<CompiledRule>> CompileDocument(const cam::v1::PolicyDocument& document) {
  if (document.policy_id().empty()) return Invalid("policy_id", "required");
  if (!IsIdentifier(document.policy_id())) return Invalid("policy_id", "not an identifier");
  if (!document.tenant().empty() && !IsIdentifier(document.tenant())) {
    return Invalid("tenant", "not an identifier");
  }
  if (document.version() < 0) return Invalid("version", "negative");
  CAM_RETURN_IF_ERROR(CheckLength("description", document.description(), kMaxDescription));
  CAM_RETURN_IF_ERROR(CheckLength("updated_by", document.updated_by(), kMaxUpdatedBy));
  CAM_RETURN_IF_ERROR(CheckLength("sha256", document.sha256(), kMaxSha256));
  const int enforcement = static_cast<int>(document.enforcement());
  if (enforcement < 0 || enforcement > 2) {
    return Invalid("enforcement", absl::StrCat("unknown enforcement ", enforcement));
  }
  CAM_RETURN_IF_ERROR(CheckCount("rules", document.rules_size(), kMaxRules, false));

  std::vector<CompiledRule> rules;
  rules.reserve(static_cast<size_t>(document.rules_size()));
  absl::flat_hash_map<std::string, int> seen;
  for (int i = 0; i < document.rules_size(); ++i) {
    CAM_ASSIGN_OR_RETURN(CompiledRule rule, CompileRule(document, i));
    const auto [it, inserted] = seen.emplace(rule.rule_id, i);
    if (!inserted) {
      return Invalid(Index("rules", i) + ".rule_id",
                     absl::StrCat("duplicate of rules[", it->second, "].rule_id"));
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

}  // namespace

absl::Status ValidatePolicyDocument(const cam::v1::PolicyDocument& document) {
  return CompileDocument(document).status();
}

absl::StatusOr<std::shared_ptr<const CompiledPolicySet>> CompilePolicySet(
    std::span<const cam::v1::PolicyDocument> documents) {
  std::vector<const cam::v1::PolicyDocument*> ordered;
  ordered.reserve(documents.size());
  for (const cam::v1::PolicyDocument& document : documents) ordered.push_back(&document);
  std::sort(ordered.begin(), ordered.end(),
            [](const auto* a, const auto* b) { return a->policy_id() < b->policy_id(); });
  std::vector<CompiledRule> rules;
  for (size_t i = 0; i < ordered.size(); ++i) {
    const cam::v1::PolicyDocument& document = *ordered[i];
    if (i > 0 && ordered[i - 1]->policy_id() == document.policy_id()) {
      return base::Error(base::Reason::kPolicyInvalid,
                         absl::StrCat("policy ", document.policy_id(), ": policy_id: duplicate"));
    }
    absl::StatusOr<std::vector<CompiledRule>> compiled = CompileDocument(document);
    if (!compiled.ok()) {
      const absl::string_view message = compiled.status().message();
      return base::WithField(
          base::Error(base::Reason::kPolicyInvalid,
                      absl::StrCat("policy ", document.policy_id(), ": ", message)),
          base::FieldOf(compiled.status()));
    }
    for (CompiledRule& rule : *compiled) {
      rule.ordinal = static_cast<uint32_t>(rules.size());
      rules.push_back(std::move(rule));
    }
  }
  return CompiledPolicySet::Build(std::move(rules));
}

}  // namespace cam::policy
