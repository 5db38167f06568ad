// File: policy/policy_compiler.h
// The policy compiler: validates cam.v1.PolicyDocument messages and compiles a set of them into
// an immutable CompiledPolicySet (compiled_policy_set.h).
//
// Every refusal is CAM_POLICY_INVALID. Its message starts with the precise field path
// (`rules[3].resources[0]: ...`, relative to the document) and the same path is attached with
// base::WithField, so a PolicyUpdate handler can turn it into a PolicyDiagnostic. Set-level
// messages are prefixed with `policy <id>: `.
//
// The language, as compiled here (policy.proto has the wire form):
//   actions     `family.verb`, `family.*` or `*`; family and verb are `[a-z][a-z0-9_]*`.
//   resources   `*` (everything), `audit`, `system`, or `<family>/<glob>` with family one of
//               ns, agent, task, key, policy, driver, peer; characters `[A-Za-z0-9_.\-/*]`, no
//               empty segment. Globs are Glob::Mode::kPath: `*` stays within one segment, `**`
//               crosses segments (`ns/team/**` = every key of namespace `team`, and `ns/team`
//               alone is the namespace itself).
//   principals  kind (UNSPECIFIED = any), id (exact, or a glob where `*` is any run), scopes
//               (all required). An empty matcher matches every principal the document covers.
//   conditions  keys `claims.<name>`, `context.<name>`, `principal.id`, `principal.tenant`,
//               `principal.kind` (`agent`, `operator`, `service`, `unspecified`) and
//               `principal.scopes` (a list). Values: EQUALS, NOT_EQUALS, PREFIX, GLOB and
//               CONTAINS_ALL need at least one; PRESENT and ABSENT none; LESS_THAN and
//               GREATER_THAN exactly one finite decimal number. On a list attribute, EQUALS /
//               PREFIX / GLOB hold when any element matches, NOT_EQUALS when none does, and the
//               numeric operators need a list of exactly one number.
//   source_cidrs  `10.0.0.0/8`, `2001:db8::/32` (prefix length required, no host bits set).
//   time_window   not_before <= not_after (both inclusive); daily minutes in the zone's local
//               time, start < end, or start > end to wrap past midnight (start == end is only
//               allowed as 0/0, all day); weekdays are the local day of the evaluated instant;
//               time_zone an IANA name from the system tz database.
//   tenant      a document with a tenant applies only to principals of that tenant; without one
//               it applies to every tenant (PolicyEngine fills it from the updater's tenant, so
//               only an operator without tenant can store such a document).
//   enforcement SHADOW rules are evaluated and reported, never enforced.
#ifndef CAM_POLICY_POLICY_COMPILER_H_
#define CAM_POLICY_POLICY_COMPILER_H_

#include <memory>
#include <span>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cam/v1/policy.pb.h"
#include "policy/compiled_policy_set.h"

namespace cam::policy {

// ValidatePolicyDocument checks one document on its own: OK, or CAM_POLICY_INVALID naming the
// first offending field.
absl::Status ValidatePolicyDocument(const cam::v1::PolicyDocument& document);

// CompilePolicySet validates every document (and that no policy_id appears twice) and returns
// the indexed set. Output-only fields (version, sha256, ...) are copied into MatchedRule as they
// are; nothing else of them is checked beyond their bounds.
absl::StatusOr<std::shared_ptr<const CompiledPolicySet>> CompilePolicySet(
    std::span<const cam::v1::PolicyDocument> documents);

}  // namespace cam::policy

#endif  // CAM_POLICY_POLICY_COMPILER_H_
