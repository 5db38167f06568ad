#include "envelope/stages/authorize_stage.h"

#include "base/random.h"
#include "base/reasons.h"
#include "envelope/method_table.h"

namespace cam::envelope {

bool HasTwoFactors(const Principal& principal) {
  return principal.has_factor("token") &&
         (principal.has_factor("mtls") || principal.has_factor("totp"));
}

absl::Status AuthorizeStage::OnRequest(Call& call) {
  absl::Status status = Decide(call);
  // Every decision gets its own id, so the audit line and ExplainAction can point at it.
  if (call.decision.evaluated) call.decision.decision_id = base::NewRequestId();
  return status;
}

absl::Status AuthorizeStage::Decide(Call& call) {
  if (require_operator_mfa_ && call.method != nullptr && call.method->options.operator_only() &&
      call.principal.has_value() && call.principal->is_operator() &&
      !HasTwoFactors(*call.principal)) {
    call.decision = {.evaluated = true, .allowed = false, .rule = "operator-mfa"};
    return base::Error(base::Reason::kAuthMfaRequired, "operator action without two factors");
  }
  // A token or API key limited to some scopes cannot reach beyond them, whatever policy says.
  // Asking who one is (Profile) reveals nothing the credential's holder does not know.
  if (call.method != nullptr && call.principal.has_value() &&
      call.method->options.action() != "identity.profile" &&
      !call.principal->ScopesAllow(call.method->options.action())) {
    call.decision = {.evaluated = true, .allowed = false, .rule = "credential-scope"};
    return base::Error(base::Reason::kAuthzDenied, "action outside the credential's scopes");
  }
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
