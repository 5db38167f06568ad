// File: envelope/stages/deadline_stage.h
// DeadlineStage sets the call's deadline: the earlier of the client's deadline and the
// per-family budget (DESIGN section 5). Storage and drivers receive it and stop work past it.
#ifndef CAM_ENVELOPE_STAGES_DEADLINE_STAGE_H_
#define CAM_ENVELOPE_STAGES_DEADLINE_STAGE_H_

#include "absl/time/time.h"
#include "base/clock.h"
#include "envelope/stage.h"

namespace cam::envelope {

struct DeadlineConfig {
  absl::Duration memory = absl::Milliseconds(500);
  absl::Duration tasks = absl::Milliseconds(100);
  absl::Duration security = absl::Milliseconds(200);  // crypto, identity, policy, audit
  absl::Duration drivers = absl::Seconds(2);
};

class DeadlineStage final : public PassThroughStage {
 public:
  DeadlineStage(DeadlineConfig config, const base::Clock* clock) : config_(config), clock_(clock) {}
  std::string_view name() const override { return "deadline"; }
  absl::Status OnRequest(Call& call) override;

 private:
  const DeadlineConfig config_;
  const base::Clock* clock_;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_STAGES_DEADLINE_STAGE_H_
