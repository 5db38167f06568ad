#include "envelope/chain.h"

#include <string>
#include <utility>

#include "base/one_shot.h"
#include "envelope/envelope_config.h"
#include "envelope/stages/audit_stage.h"
#include "envelope/stages/authorize_stage.h"
#include "envelope/stages/handler_stage.h"
#include "envelope/stages/validate_stage.h"

namespace cam::envelope {

absl::StatusOr<std::unique_ptr<Chain>> Chain::Create(std::vector<std::unique_ptr<Stage>> stages) {
  size_t terminal = stages.size();
  for (size_t i = 0; i < stages.size(); ++i) {
    if (stages[i] == nullptr) return absl::InvalidArgumentError("null stage in chain");
    if (stages[i]->is_terminal()) {
      if (terminal != stages.size()) return absl::InvalidArgumentError("two terminal stages");
      terminal = i;
    }
  }
  if (terminal == stages.size()) return absl::InvalidArgumentError("chain has no handler stage");
  const size_t finishing = stages.size() - terminal - 1;
  if (finishing != 2 || stages[terminal + 1]->name() != "audit" ||
      stages[terminal + 2]->name() != "sanitize") {
    return absl::InvalidArgumentError(
        "the handler must be followed by exactly the audit and sanitize stages");
  }
  return std::unique_ptr<Chain>(new Chain(std::move(stages), terminal));
}

absl::Status Chain::Run(Call& call) const {
  return base::AwaitStatus([&](Done done) { RunAsync(call, std::move(done)); });
}

bool Chain::MayBlock(const MethodInfo& method) const {
  for (const std::unique_ptr<Stage>& stage : stages_) {
    if (stage->MayBlock(method)) return true;
  }
  return false;
}

void Chain::RunAsync(Call& call, Done done) const {
  for (size_t i = 0; i < terminal_index_; ++i) {
    if (absl::Status status = stages_[i]->OnRequest(call); !status.ok()) {
      Unwind(call, std::move(status), i + 1, std::move(done));
      return;
    }
  }
  stages_[terminal_index_]->OnRequestAsync(
      call, [this, &call, done = std::move(done)](absl::Status status) mutable {
        Unwind(call, std::move(status), terminal_index_ + 1, std::move(done));
      });
}

void Chain::Unwind(Call& call, absl::Status status, size_t ran, Done done) const {
  for (size_t i = ran; i-- > 0;) stages_[i]->OnResponse(call, status);
  Finish(call, std::move(status), terminal_index_ + 1, std::move(done));
}

absl::Status Chain::Refuse(Call& call, absl::Status status) const {
  return base::AwaitStatus(
      [&](Done done) { Finish(call, std::move(status), terminal_index_ + 1, std::move(done)); });
}

void Chain::Finish(Call& call, absl::Status status, size_t index, Done done) const {
  if (index == stages_.size()) {
    std::move(done)(std::move(status));
    return;
  }
  stages_[index]->OnResponseAsync(
      call, std::move(status),
      [this, &call, index, done = std::move(done)](absl::Status next_status) mutable {
        Finish(call, std::move(next_status), index + 1, std::move(done));
      });
}

absl::StatusOr<std::unique_ptr<Chain>> BuildChain(const EnvelopeConfig& config,
                                                  const EnvelopeDependencies& deps) {
  if (deps.authorizer == nullptr || deps.handlers == nullptr || deps.audit_sink == nullptr ||
      deps.clock == nullptr) {
    return absl::InvalidArgumentError("envelope dependencies missing");
  }
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<AuthenticateStage>(config.authenticate, deps.credentials,
                                                       deps.certificates));
  stages.push_back(std::make_unique<RequestSizeStage>(config.request_size));
  stages.push_back(std::make_unique<ValidateStage>(config.validation));
  stages.push_back(std::make_unique<AuthorizeStage>(deps.authorizer, config.require_operator_mfa));
  stages.push_back(std::make_unique<DeadlineStage>(config.deadlines, deps.clock));
  stages.push_back(std::make_unique<HandlerStage>(deps.handlers));
  stages.push_back(std::make_unique<AuditStage>(deps.audit_sink, deps.clock, deps.decision_log));
  stages.push_back(std::make_unique<SanitizeStage>(deps.debug_log));
  return Chain::Create(std::move(stages));
}

}  // namespace cam::envelope
