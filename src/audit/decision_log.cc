#include "audit/decision_log.h"

#include <utility>

namespace cam::audit {

void DecisionLog::Add(AuditRecord record) {
  if (record.decision_id.empty()) return;
  std::lock_guard lock(mu_);
  if (records_.size() == capacity_) {
    const AuditRecord& oldest = records_.front();
    // Erase index entries only if they still point at the record being dropped: a client may
    // reuse a request id, and the newer record owns the entry then.
    if (auto it = by_decision_.find(oldest.decision_id);
        it != by_decision_.end() && it->second == dropped_) {
      by_decision_.erase(it);
    }
    if (auto it = by_request_.find(oldest.request_id);
        it != by_request_.end() && it->second == dropped_) {
      by_request_.erase(it);
    }
    records_.pop_front();
    ++dropped_;
  }
  const uint64_t sequence = dropped_ + records_.size();
  by_decision_[record.decision_id] = sequence;
  if (!record.request_id.empty()) by_request_[record.request_id] = sequence;
  records_.push_back(std::move(record));
}

std::optional<AuditRecord> DecisionLog::At(uint64_t sequence) const {
  if (sequence < dropped_ || sequence - dropped_ >= records_.size()) return std::nullopt;
  return records_[static_cast<size_t>(sequence - dropped_)];
}

std::optional<AuditRecord> DecisionLog::FindByDecisionId(const std::string& decision_id) const {
  std::lock_guard lock(mu_);
  auto it = by_decision_.find(decision_id);
  return it == by_decision_.end() ? std::nullopt : At(it->second);
}

std::optional<AuditRecord> DecisionLog::FindByRequestId(const std::string& request_id) const {
  std::lock_guard lock(mu_);
  auto it = by_request_.find(request_id);
  return it == by_request_.end() ? std::nullopt : At(it->second);
}

size_t DecisionLog::size() const {
  std::lock_guard lock(mu_);
  return records_.size();
}

}  // namespace cam::audit
