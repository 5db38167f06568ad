#include "envelope/stages/validate_stage.h"

#include <google/protobuf/message.h>

#include "base/reasons.h"
#include "base/status_macros.h"
#include "envelope/method_table.h"

namespace cam::envelope {

absl::Status ValidateStage::OnRequest(Call& call) {
  if (call.request == nullptr || call.method == nullptr) {
    return base::Error(base::Reason::kInternal, "call without request or method");
  }
  CAM_RETURN_IF_ERROR(call.decode_status);
  CAM_RETURN_IF_ERROR(validator_.Validate(*call.request));
  if (call.method->namespace_field != nullptr) {
    call.resource_namespace =
        call.request->GetReflection()->GetString(*call.request, call.method->namespace_field);
  }
  return absl::OkStatus();
}

}  // namespace cam::envelope
