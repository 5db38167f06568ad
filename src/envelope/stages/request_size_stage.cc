#include "envelope/stages/request_size_stage.h"

#include "base/reasons.h"

namespace cam::envelope {

absl::Status RequestSizeStage::OnRequest(Call& call) {
  if (call.request_bytes > config_.max_request_bytes) {
    return base::Error(base::Reason::kValidationPayloadTooLarge, "request too large");
  }
  return absl::OkStatus();
}

}  // namespace cam::envelope
