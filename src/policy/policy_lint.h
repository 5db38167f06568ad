// File: policy/policy_lint.h
// LintPolicy: warnings about a policy document that compiles but probably does not do what its
// author meant. PolicyUpdate returns them as WARNING diagnostics and stores the document anyway
// (errors are the compiler's business). Findings:
//   - an action no RPC has (`memory.wirte`) or a family no RPC belongs to: the rule never matches;
//   - an allow rule that every principal of the tenant matches for every action on every
//     resource, unconditionally: almost always a mistake in a zero-trust kernel;
//   - an allow rule that an unconditional deny rule of the same document fully covers: it can
//     never take effect (deny wins).
// The checks are syntactic and conservative: no warning is given unless the finding is certain.
#ifndef CAM_POLICY_POLICY_LINT_H_
#define CAM_POLICY_POLICY_LINT_H_

#include <set>
#include <string>
#include <vector>

#include "cam/v1/policy.pb.h"

namespace cam::policy {

// LintPolicy returns the warnings for `document`. `known_actions` holds every action of the API
// (`memory.write`, ...); empty disables the action check.
std::vector<cam::v1::PolicyDiagnostic> LintPolicy(const cam::v1::PolicyDocument& document,
                                                  const std::set<std::string>& known_actions);

}  // namespace cam::policy

#endif  // CAM_POLICY_POLICY_LINT_H_
