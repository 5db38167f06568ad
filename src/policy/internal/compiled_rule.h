// File: policy/internal/compiled_rule.h
// CompiledRule and its parts: a PolicyRule after validation, with globs, CIDRs, numbers and time
// zones parsed once. Built by policy_compiler.cc, read by compiled_policy_set.cc; not an API.
#ifndef CAM_POLICY_INTERNAL_COMPILED_RULE_H_
#define CAM_POLICY_INTERNAL_COMPILED_RULE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "policy/access_request.h"
#include "policy/cidr.h"
#include "policy/decision.h"
#include "policy/glob.h"

namespace cam::policy::internal {

struct CompiledMatcher {
  PrincipalKind kind = PrincipalKind::kUnspecified;  // unspecified = any kind
  bool has_id = false;
  bool id_is_literal = false;
  std::optional<Glob> id;           // set when has_id
  std::vector<std::string> scopes;  // all required
};

enum class ConditionSource {
  kClaim,
  kContext,
  kPrincipalId,
  kPrincipalTenant,
  kPrincipalKind,
  kPrincipalScopes,
};

// Mirrors cam.v1.ConditionOperator.
enum class ConditionOp {
  kEquals = 1,
  kNotEquals = 2,
  kPrefix = 3,
  kGlob = 4,
  kPresent = 5,
  kAbsent = 6,
  kLessThan = 7,
  kGreaterThan = 8,
  kContainsAll = 9,
};

struct CompiledCondition {
  ConditionSource source = ConditionSource::kClaim;
  std::string name;  // claim or context name, for kClaim / kContext
  ConditionOp op = ConditionOp::kEquals;
  std::vector<std::string> values;
  std::vector<Glob> globs;  // kGlob only
  double number = 0;        // kLessThan / kGreaterThan only
};

struct CompiledTimeWindow {
  std::optional<absl::Time> not_before;
  std::optional<absl::Time> not_after;
  bool all_day = true;
  int start_minute = 0;
  int end_minute = 0;
  uint8_t weekday_mask = 0;  // bit (1 << cam.v1.Weekday); 0 = every day
  absl::TimeZone zone = absl::UTCTimeZone();
  bool needs_local_time() const { return !all_day || weekday_mask != 0; }
};

struct CompiledAction {
  enum class Kind { kExact, kFamily, kAny };
  Kind kind = Kind::kAny;
  std::string text;  // kExact: `family.verb`; kFamily: `family`
};

struct CompiledRule {
  // Position in the set: documents ordered by policy_id, then rules in document order.
  uint32_t ordinal = 0;
  std::string policy_id;
  int64_t policy_version = 0;
  std::string rule_id;
  Effect effect = Effect::kDeny;
  bool shadow = false;
  std::string tenant;  // empty = every tenant
  std::vector<CompiledMatcher> principals;
  std::vector<CompiledAction> actions;  // normalised: no action covered by another
  std::vector<Glob> resources;
  std::vector<CompiledCondition> conditions;
  std::vector<Cidr> source_cidrs;
  std::optional<CompiledTimeWindow> time_window;
};

}  // namespace cam::policy::internal

#endif  // CAM_POLICY_INTERNAL_COMPILED_RULE_H_
