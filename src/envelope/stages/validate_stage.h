// File: envelope/stages/validate_stage.h
// ValidateStage checks the request against the proto field rules and records the resource
// namespace the call names, for the authorize stage.
#ifndef CAM_ENVELOPE_STAGES_VALIDATE_STAGE_H_
#define CAM_ENVELOPE_STAGES_VALIDATE_STAGE_H_

#include "envelope/stage.h"
#include "envelope/validation/field_validator.h"

namespace cam::envelope {

class ValidateStage final : public PassThroughStage {
 public:
  explicit ValidateStage(ValidationConfig config) : validator_(config) {}
  std::string_view name() const override { return "validate"; }
  absl::Status OnRequest(Call& call) override;

 private:
  const FieldValidator validator_;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_STAGES_VALIDATE_STAGE_H_
