#include "envelope/stages/handler_stage.h"

#include <utility>

#include "base/one_shot.h"
#include "base/reasons.h"
#include "envelope/method_table.h"

namespace cam::envelope {

absl::Status HandlerStage::OnRequest(Call& call) {
  return base::AwaitStatus([&](Next next) { OnRequestAsync(call, std::move(next)); });
}

void HandlerStage::OnRequestAsync(Call& call, Next next) {
  const Handler* handler = registry_->Find(call.method->full_name);
  if (handler == nullptr) {
    std::move(next)(base::Error(base::Reason::kNotImplemented, call.method->full_name));
    return;
  }
  handler->run(call, std::move(next));
}

bool HandlerStage::MayBlock(const MethodInfo& method) const {
  const Handler* handler = registry_->Find(method.full_name);
  return handler != nullptr && handler->may_block && !method.safe;
}

}  // namespace cam::envelope
