// File: envelope/stages/request_size_stage.h
// RequestSizeStage refuses a request whose encoded size exceeds the limit, before it is validated
// or handled. Transports also cap what they read; this stage makes the limit one number.
#ifndef CAM_ENVELOPE_STAGES_REQUEST_SIZE_STAGE_H_
#define CAM_ENVELOPE_STAGES_REQUEST_SIZE_STAGE_H_

#include <cstddef>

#include "envelope/stage.h"

namespace cam::envelope {

struct RequestSizeConfig {
  // Default: the 1 MiB value limit plus 64 KiB for the other fields.
  size_t max_request_bytes = (1 << 20) + (64 << 10);
};

class RequestSizeStage final : public PassThroughStage {
 public:
  explicit RequestSizeStage(RequestSizeConfig config) : config_(config) {}
  std::string_view name() const override { return "request_size"; }
  absl::Status OnRequest(Call& call) override;

 private:
  const RequestSizeConfig config_;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_STAGES_REQUEST_SIZE_STAGE_H_
