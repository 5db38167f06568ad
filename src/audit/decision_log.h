// File: audit/decision_log.h
// DecisionLog: the most recent authorization decisions, as their audit records, looked up by
// decision id or request id for ExplainAction. It is an index over what the audit log already
// holds durably, not a second source of truth: it keeps a bounded window in memory (oldest
// forgotten first) and starts empty after a restart; older decisions are in the audit log.
// Safe for concurrent use.
#ifndef CAM_AUDIT_DECISION_LOG_H_
#define CAM_AUDIT_DECISION_LOG_H_

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "audit/audit_record.h"

namespace cam::audit {

class DecisionLog {
 public:
  explicit DecisionLog(size_t capacity = 8192) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Add keeps `record` if it carries a decision id; the caller adds it only once it is durable.
  void Add(AuditRecord record);

  std::optional<AuditRecord> FindByDecisionId(const std::string& decision_id) const;
  std::optional<AuditRecord> FindByRequestId(const std::string& request_id) const;

  size_t size() const;

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  // Records in arrival order; the maps point at their sequence numbers (index + dropped_).
  std::deque<AuditRecord> records_;
  uint64_t dropped_ = 0;
  absl::flat_hash_map<std::string, uint64_t> by_decision_;
  absl::flat_hash_map<std::string, uint64_t> by_request_;

  std::optional<AuditRecord> At(uint64_t sequence) const;
};

}  // namespace cam::audit

#endif  // CAM_AUDIT_DECISION_LOG_H_
