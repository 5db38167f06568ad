// File: envelope/stages/authorize_stage.h
// AuthorizeStage asks the Authorizer and stops the call on a deny (PERMISSION_DENIED) or when no
// decision can be made (fail closed). The decision, with a fresh decision id and the policy rules
// that matched, is kept on the Call for the audit record and the decision log.
// Before asking, operator-only methods need two verified factors when `require_operator_mfa`:
// client certificate plus token, or token plus one-time code (CAM_AUTH_MFA_REQUIRED otherwise).
#ifndef CAM_ENVELOPE_STAGES_AUTHORIZE_STAGE_H_
#define CAM_ENVELOPE_STAGES_AUTHORIZE_STAGE_H_

#include "envelope/authorizer.h"
#include "envelope/stage.h"

namespace cam::envelope {

class AuthorizeStage final : public PassThroughStage {
 public:
  AuthorizeStage(const Authorizer* authorizer, bool require_operator_mfa)
      : authorizer_(authorizer), require_operator_mfa_(require_operator_mfa) {}
  std::string_view name() const override { return "authorize"; }
  absl::Status OnRequest(Call& call) override;

 private:
  absl::Status Decide(Call& call);

  const Authorizer* authorizer_;
  const bool require_operator_mfa_;
};

// HasTwoFactors says whether `principal` proved itself with mTLS + token or token + TOTP.
bool HasTwoFactors(const Principal& principal);

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_STAGES_AUTHORIZE_STAGE_H_
