#include "envelope/stages/deadline_stage.h"

#include <algorithm>

#include "base/reasons.h"
#include "envelope/method_table.h"

namespace cam::envelope {

absl::Status DeadlineStage::OnRequest(Call& call) {
  const absl::Time now = clock_->Now();
  const absl::Time start = call.received_at == absl::InfinitePast() ? now : call.received_at;
  absl::Duration budget = absl::InfiniteDuration();
  switch (call.method->options.deadline()) {
    case cam::v1::DEADLINE_CLASS_MEMORY:
      budget = config_.memory;
      break;
    case cam::v1::DEADLINE_CLASS_TASKS:
      budget = config_.tasks;
      break;
    case cam::v1::DEADLINE_CLASS_DRIVERS:
      budget = config_.drivers;
      break;
    case cam::v1::DEADLINE_CLASS_STREAM:
      break;
    default:
      budget = config_.security;
      break;
  }
  call.deadline = std::min(call.client_deadline, start + budget);
  if (now >= call.deadline) {
    return base::Error(base::Reason::kDeadlineExceeded, "deadline passed before handling");
  }
  if (call.is_cancelled && call.is_cancelled()) {
    return base::Error(base::Reason::kCancelled, "cancelled before handling");
  }
  return absl::OkStatus();
}

}  // namespace cam::envelope
