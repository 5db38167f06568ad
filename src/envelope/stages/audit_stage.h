// File: envelope/stages/audit_stage.h
// AuditStage writes one record for every call, whatever its outcome (denied, invalid, failed or
// served), and fails the call closed when the record cannot be made durable. A record that carries
// an authorization decision (its id and every matched rule) then goes to the decision log.
#ifndef CAM_ENVELOPE_STAGES_AUDIT_STAGE_H_
#define CAM_ENVELOPE_STAGES_AUDIT_STAGE_H_

#include "audit/audit_record.h"
#include "audit/decision_log.h"
#include "base/clock.h"
#include "envelope/stage.h"

namespace cam::envelope {

class AuditStage final : public PassThroughStage {
 public:
  // `decisions` may be null; when set, each durable record with a decision is added to it.
  AuditStage(audit::AuditSink* sink, const base::Clock* clock,
             audit::DecisionLog* decisions = nullptr)
      : sink_(sink), clock_(clock), decisions_(decisions) {}
  std::string_view name() const override { return "audit"; }
  void OnResponse(Call& call, absl::Status& status) override;
  // Goes on once the record is durable; the thread that made it durable carries the call on.
  void OnResponseAsync(Call& call, absl::Status status, Next next) override;

  // RecordFor builds the audit record of a finished call.
  static audit::AuditRecord RecordFor(const Call& call, const absl::Status& status, absl::Time now);

 private:
  audit::AuditSink* sink_;
  const base::Clock* clock_;
  audit::DecisionLog* decisions_;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_STAGES_AUDIT_STAGE_H_
