// File: envelope/stages/sanitize_stage.h
// SanitizeStage is the last stage to touch an answer. It replaces every error with the reason
// table's public message (never message() or ToString(), which may carry paths, SQL or key ids),
// keeps only the reason and field payloads, and hands the internal detail to the debug log under
// the request id.
#ifndef CAM_ENVELOPE_STAGES_SANITIZE_STAGE_H_
#define CAM_ENVELOPE_STAGES_SANITIZE_STAGE_H_

#include <functional>
#include <string_view>

#include "envelope/stage.h"

namespace cam::envelope {

// Receives (request id, reason code, internal detail) for the debug log.
using DebugLogFn = std::function<void(std::string_view request_id, std::string_view reason,
                                      std::string_view detail)>;

class SanitizeStage final : public PassThroughStage {
 public:
  explicit SanitizeStage(DebugLogFn debug_log) : debug_log_(std::move(debug_log)) {}
  std::string_view name() const override { return "sanitize"; }
  void OnResponse(Call& call, absl::Status& status) override;

 private:
  const DebugLogFn debug_log_;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_STAGES_SANITIZE_STAGE_H_
