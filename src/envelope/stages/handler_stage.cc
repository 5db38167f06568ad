#include "envelope/stages/handler_stage.h"

#include "base/reasons.h"
#include "envelope/method_table.h"

namespace cam::envelope {

absl::Status HandlerStage::OnRequest(Call& call) {
  const Handler* handler = registry_->Find(call.method->full_name);
  if (handler == nullptr) {
    return base::Error(base::Reason::kNotImplemented, call.method->full_name);
  }
  return (*handler)(call);
}

}  // namespace cam::envelope
