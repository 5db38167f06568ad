#include "tests/testing/status_matchers.h"

namespace cam::testing {

std::string ReasonCodeOf(const absl::Status& status) {
  // Mirrors base::kReasonPayloadUrl; kept literal so the testing library needs no cam_base.
  absl::optional<absl::Cord> payload = status.GetPayload("type.cam.dev/cam.reason");
  return payload.has_value() ? std::string(*payload) : std::string();
}

}  // namespace cam::testing
