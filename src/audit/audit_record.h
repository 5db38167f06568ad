// File: audit/audit_record.h
// AuditRecord: one security-relevant event. It names who did what to which resource and how it
// ended; it never holds values, secrets or credentials.
#ifndef CAM_AUDIT_AUDIT_RECORD_H_
#define CAM_AUDIT_AUDIT_RECORD_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/time/time.h"

namespace cam::audit {

// A policy rule that matched the call's authorization request.
struct AuditRuleRef {
  std::string policy_id;
  int64_t policy_version = 0;
  std::string rule_id;
  std::string effect;  // "allow" or "deny"
  bool shadow = false;
};

struct AuditRecord {
  absl::Time time;
  std::string request_id;
  std::string transport;       // "grpc", "http"
  std::string peer;            // source address
  std::string principal;       // "" when authentication failed
  std::string principal_kind;  // "agent", "operator", "service"
  std::string tenant;
  std::string method;                       // "cam.v1.Memory.ContextWrite"
  std::string action;                       // "memory.write"
  std::string resource;                     // "ns/team-a/notes/today"
  std::string decision;                     // the authorization rule that decided, or ""
  std::string decision_id;                  // "" when no authorization decision was made
  bool allowed = false;                     // what that decision said (the call may still fail)
  std::vector<AuditRuleRef> matched_rules;  // enforced and shadow policy rules that matched
  std::string outcome;                      // "OK" or the reason code
  std::vector<std::pair<std::string, std::string>> details;
};

// Called once with OK when a record is durable, or with the error that keeps it from being so.
using AuditDone = absl::AnyInvocable<void(absl::Status) &&>;

// AuditSink stores records durably. Append returns only once the record is durable; an error
// means it is not, and the caller fails closed.
class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual absl::Status Append(const AuditRecord& record) = 0;

  // AppendAsync is Append without the wait: the record is captured before it returns, and `done`
  // runs once it is durable (or cannot be), possibly on another thread. A caller that answers
  // from `done` answers only after the record is durable, without holding a thread while the
  // disk syncs. The default runs Append and then `done` on the calling thread.
  virtual void AppendAsync(const AuditRecord& record, AuditDone done) {
    std::move(done)(Append(record));
  }
};

}  // namespace cam::audit

#endif  // CAM_AUDIT_AUDIT_RECORD_H_
