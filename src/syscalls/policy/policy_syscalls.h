// File: syscalls/policy/policy_syscalls.h
// PolicySyscalls: the Policy family over the PolicyEngine. PolicyQuery explains a decision
// (for the caller, or, for operators, for anyone); PolicyUpdate validates, versions, stores and
// applies a document atomically (dry_run: diagnostics only), with warnings from the policy lint;
// PolicyGet and PolicyList read.
#ifndef CAM_SYSCALLS_POLICY_POLICY_SYSCALLS_H_
#define CAM_SYSCALLS_POLICY_POLICY_SYSCALLS_H_

#include <set>
#include <string>

#include "base/clock.h"
#include "cam/v1/policy.pb.h"
#include "envelope/handler_registry.h"
#include "policy/policy_engine.h"

namespace cam::syscalls {

class PolicySyscalls {
 public:
  // Not owned; must outlive this object. `known_actions` (every action of the API) lets
  // PolicyUpdate warn about rules naming actions no call has; empty skips that check.
  PolicySyscalls(policy::PolicyEngine* engine, const base::Clock* clock,
                 std::set<std::string> known_actions = {})
      : engine_(engine), clock_(clock), known_actions_(std::move(known_actions)) {}

  absl::Status RegisterAll(envelope::HandlerRegistry& registry);

  absl::StatusOr<v1::PolicyQueryResponse> PolicyQuery(envelope::Call& call,
                                                      const v1::PolicyQueryRequest& request);
  absl::StatusOr<v1::PolicyUpdateResponse> PolicyUpdate(envelope::Call& call,
                                                        const v1::PolicyUpdateRequest& request);
  absl::StatusOr<v1::PolicyGetResponse> PolicyGet(envelope::Call& call,
                                                  const v1::PolicyGetRequest& request);
  absl::StatusOr<v1::PolicyListResponse> PolicyList(envelope::Call& call,
                                                    const v1::PolicyListRequest& request);

 private:
  policy::PolicyEngine* engine_;
  const base::Clock* clock_;
  const std::set<std::string> known_actions_;
};

// DecisionToProto fills a PolicyQueryResponse from a decision (shared with camctl policy test).
v1::PolicyQueryResponse DecisionToProto(const policy::Decision& decision);

}  // namespace cam::syscalls

#endif  // CAM_SYSCALLS_POLICY_POLICY_SYSCALLS_H_
