// File: envelope/stage.h
// Stage: one step of the envelope, in the manner of an Envoy filter. OnRequest returns OK to
// continue or a reason-coded status to stop the call; OnResponse sees (and may replace) the final
// status. Configuration is immutable and built at startup; per-call state lives on the Call.
#ifndef CAM_ENVELOPE_STAGE_H_
#define CAM_ENVELOPE_STAGE_H_

#include <string_view>
#include <utility>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "envelope/call.h"

namespace cam::envelope {

class Stage {
 public:
  virtual ~Stage() = default;
  // A short stable name ("authenticate"), used in metrics and chain validation.
  virtual std::string_view name() const = 0;
  virtual absl::Status OnRequest(Call& call) = 0;
  virtual void OnResponse(Call& call, absl::Status& status) = 0;

  // The chain runs the terminal stage through OnRequestAsync, which hands the request's status
  // to `next`, possibly later and on another thread: a handler may wait for a durable write
  // without holding a thread. The default is OnRequest, then `next` at once.
  using Next = absl::AnyInvocable<void(absl::Status) &&>;
  virtual void OnRequestAsync(Call& call, Next next) { std::move(next)(OnRequest(call)); }

  // The finishing stages (after the handler) see the response through OnResponseAsync, which
  // hands the final status to `next`, possibly later and on another thread: the audit stage
  // goes on only once its record is durable, without holding a thread while the disk syncs.
  // The default is OnResponse, then `next` at once.
  virtual void OnResponseAsync(Call& call, absl::Status status, Next next) {
    OnResponse(call, status);
    std::move(next)(std::move(status));
  }

  // The handler stage is terminal: no request stage may follow it.
  virtual bool is_terminal() const { return false; }

  // Whether this stage may hold its thread waiting on other work (a durable write) for
  // `method`. Transports run a call whose stages never wait on their own I/O thread and hand
  // the others to a worker.
  virtual bool MayBlock(const MethodInfo& /*method*/) const { return false; }
};

// PassThroughStage supplies defaults, so a stage overrides only the side it works on.
class PassThroughStage : public Stage {
 public:
  absl::Status OnRequest(Call&) override { return absl::OkStatus(); }
  void OnResponse(Call&, absl::Status&) override {}
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_STAGE_H_
