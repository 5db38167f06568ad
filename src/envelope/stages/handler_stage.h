// File: envelope/stages/handler_stage.h
// HandlerStage is the terminal stage: it runs the syscall registered for the method, or answers
// CAM_NOT_IMPLEMENTED (UNIMPLEMENTED) for a verb whose issue has not landed.
#ifndef CAM_ENVELOPE_STAGES_HANDLER_STAGE_H_
#define CAM_ENVELOPE_STAGES_HANDLER_STAGE_H_

#include "envelope/handler_registry.h"
#include "envelope/stage.h"

namespace cam::envelope {

class HandlerStage final : public PassThroughStage {
 public:
  explicit HandlerStage(const HandlerRegistry* registry) : registry_(registry) {}
  std::string_view name() const override { return "handler"; }
  bool is_terminal() const override { return true; }
  // The handler may finish on another thread; OnRequest waits for it (for callers without a
  // continuation), the chain uses OnRequestAsync.
  absl::Status OnRequest(Call& call) override;
  void OnRequestAsync(Call& call, Next next) override;
  // A synchronous handler of a method that changes state may wait for its write.
  bool MayBlock(const MethodInfo& method) const override;

 private:
  const HandlerRegistry* registry_;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_STAGES_HANDLER_STAGE_H_
