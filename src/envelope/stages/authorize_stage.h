// File: envelope/stages/authorize_stage.h
// AuthorizeStage asks the Authorizer and stops the call on a deny (PERMISSION_DENIED) or when no
// decision can be made (fail closed). The decision is kept on the Call for the audit record.
#ifndef CAM_ENVELOPE_STAGES_AUTHORIZE_STAGE_H_
#define CAM_ENVELOPE_STAGES_AUTHORIZE_STAGE_H_

#include "envelope/authorizer.h"
#include "envelope/stage.h"

namespace cam::envelope {

class AuthorizeStage final : public PassThroughStage {
 public:
  explicit AuthorizeStage(const Authorizer* authorizer) : authorizer_(authorizer) {}
  std::string_view name() const override { return "authorize"; }
  absl::Status OnRequest(Call& call) override;

 private:
  const Authorizer* authorizer_;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_STAGES_AUTHORIZE_STAGE_H_
