// File: policy/compiled_policy_set.h
// CompiledPolicySet: an immutable, indexed set of policy documents, and the evaluator that
// decides an AccessRequest against it. Build one with CompilePolicySet (policy_compiler.h).
//
// Semantics (policy.proto, DESIGN.md section 4):
//   - Deny by default: nothing matched -> not allowed (DecisionReason::kDefaultDeny).
//   - Deny wins: any enforced deny match -> not allowed, whatever allowed it.
//   - Shadow documents are evaluated and their matches reported (MatchedRule.shadow), but they
//     never change `allowed`, `reason` or `deciding_index`.
//   - A document with a tenant applies only to requests whose principal tenant equals it; a
//     document without one (only an operator without tenant can store such) applies to all.
//   - A rule matches when: one of its principal matchers matches (kind, id glob, all scopes),
//     one of its actions matches, one of its resource globs matches, every condition holds, the
//     source address is in one of its CIDRs (if any) and the time is inside its window (if any).
//
// Decide never scans every rule: rules are indexed by tenant, then by action (exact
// `family.verb`, `family.*`, `*`), then by exact principal id or by principal kind; only the
// candidates found there are evaluated. DecideByScan is the linear reference the tests compare
// it with. Both are const and thread-safe; share the set through shared_ptr<const ...>.
#ifndef CAM_POLICY_COMPILED_POLICY_SET_H_
#define CAM_POLICY_COMPILED_POLICY_SET_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "policy/access_request.h"
#include "policy/decision.h"
#include "policy/internal/compiled_rule.h"

namespace cam::policy {

class CompiledPolicySet {
 public:
  // Build indexes `rules`, which must be in ordinal order (rules[i].ordinal == i). Called by
  // CompilePolicySet; use that instead.
  static std::shared_ptr<const CompiledPolicySet> Build(std::vector<internal::CompiledRule> rules);

  // Empty returns a set with no rule: every decision is deny-by-default.
  static std::shared_ptr<const CompiledPolicySet> Empty();

  CompiledPolicySet(const CompiledPolicySet&) = delete;
  CompiledPolicySet& operator=(const CompiledPolicySet&) = delete;

  // Decide evaluates `request` through the index.
  Decision Decide(const AccessRequest& request) const;

  // DecideByScan evaluates every rule in turn: O(rules). The reference for tests; never on a
  // request path.
  Decision DecideByScan(const AccessRequest& request) const;

  size_t rule_count() const { return rules_.size(); }

 private:
  struct Candidate {
    uint32_t rule;
    uint32_t matcher;
  };
  // Candidates of one action key, by principal: an exact id; the literal prefix of an id glob
  // (`agent-1*` under `agent-1`), looked up once per distinct prefix length; or else the kind
  // ([0] = any kind) for matchers without id or with a glob that starts with a star.
  struct PrincipalIndex {
    absl::flat_hash_map<std::string, std::vector<Candidate>> by_id;
    absl::flat_hash_map<std::string, std::vector<Candidate>> by_id_prefix;
    std::vector<size_t> prefix_lengths;  // distinct key lengths of by_id_prefix, ascending
    std::array<std::vector<Candidate>, 4> by_kind;
  };
  struct ActionIndex {
    absl::flat_hash_map<std::string, PrincipalIndex> exact;   // `family.verb`
    absl::flat_hash_map<std::string, PrincipalIndex> family;  // `family` of `family.*`
    PrincipalIndex any;                                       // `*`
  };

  CompiledPolicySet() = default;
  void Index(const internal::CompiledRule& rule);
  Decision Finish(const AccessRequest& request, const uint32_t* candidates, size_t count) const;

  std::vector<internal::CompiledRule> rules_;
  ActionIndex global_;
  absl::flat_hash_map<std::string, ActionIndex> by_tenant_;
};

}  // namespace cam::policy

#endif  // CAM_POLICY_COMPILED_POLICY_SET_H_
