// File: syscalls/observe/explain_syscalls.h
// ExplainSyscalls: ExplainAction, which answers "why was this call allowed or refused?" from
// the decision log: the authorization decision of a request (by request id or decision id),
// with every policy rule that matched, enforced and shadow.
//
// A caller may explain the decisions made about itself; an operator those of its own tenant.
// Anything else answers exactly like a decision that does not exist (CAM_DECISION_NOT_FOUND), so
// the verb cannot be used to learn what other principals do. Audit inclusion proofs need the
// Merkle audit log, which has not landed: include_proofs is refused as not implemented rather
// than silently ignored.
#ifndef CAM_SYSCALLS_OBSERVE_EXPLAIN_SYSCALLS_H_
#define CAM_SYSCALLS_OBSERVE_EXPLAIN_SYSCALLS_H_

#include "audit/decision_log.h"
#include "cam/v1/observe.pb.h"
#include "envelope/handler_registry.h"

namespace cam::syscalls {

class ExplainSyscalls {
 public:
  // Not owned; must outlive this object.
  explicit ExplainSyscalls(const audit::DecisionLog* decisions) : decisions_(decisions) {}

  absl::Status RegisterAll(envelope::HandlerRegistry& registry);

  absl::StatusOr<v1::ExplainActionResponse> ExplainAction(envelope::Call& call,
                                                          const v1::ExplainActionRequest& request);

 private:
  const audit::DecisionLog* decisions_;
};

// DecisionRecordFor turns the audit record of an authorization decision into its proto form.
v1::DecisionRecord DecisionRecordFor(const audit::AuditRecord& record);

}  // namespace cam::syscalls

#endif  // CAM_SYSCALLS_OBSERVE_EXPLAIN_SYSCALLS_H_
