#include "envelope/stages/authorize_stage.h"

#include "base/reasons.h"

namespace cam::envelope {

absl::Status AuthorizeStage::OnRequest(Call& call) {
  absl::StatusOr<AuthorizationDecision> decision = authorizer_->Decide(call);
  if (!decision.ok()) {
    call.decision = {.evaluated = false, .allowed = false, .rule = "error"};
    return decision.status();
  }
  call.decision = *decision;
  if (!decision->allowed) {
    return base::Error(base::Reason::kAuthzDenied, "denied by " + decision->rule);
  }
  return absl::OkStatus();
}

}  // namespace cam::envelope
