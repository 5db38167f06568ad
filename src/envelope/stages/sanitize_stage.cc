#include "envelope/stages/sanitize_stage.h"

#include <string>

#include "base/reasons.h"

namespace cam::envelope {

void SanitizeStage::OnResponse(Call& call, absl::Status& status) {
  if (status.ok()) {
    call.outcome_reason = "OK";
    return;
  }
  const base::Reason reason = base::ReasonForStatus(status);
  const base::ReasonInfo& info = base::Describe(reason);
  if (debug_log_) {
    const absl::string_view detail = status.message();
    debug_log_(call.request_id, info.code, std::string_view(detail.data(), detail.size()));
  }
  const std::string field = base::FieldOf(status);
  absl::Status clean = base::Error(reason);  // message = the public message
  if (!field.empty()) clean = base::WithField(std::move(clean), field);
  call.outcome_reason = std::string(info.code);
  status = std::move(clean);
}

}  // namespace cam::envelope
