// File: envelope/chain.h
// Chain: the ordered stages every call passes through. Requests run the stages up to and
// including the terminal handler in order; the stages that ran see the response in reverse; the
// finishing stages after the handler (audit, sanitize) always run, in order, whatever happened,
// so a call denied at authenticate is still audited and still answered with a sanitized error.
#ifndef CAM_ENVELOPE_CHAIN_H_
#define CAM_ENVELOPE_CHAIN_H_

#include <memory>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "envelope/stage.h"

namespace cam::envelope {

class Chain {
 public:
  // Create checks the shape: exactly one terminal stage, followed only by finishing stages,
  // with "audit" and then "sanitize" last.
  static absl::StatusOr<std::unique_ptr<Chain>> Create(std::vector<std::unique_ptr<Stage>> stages);

  // Run passes `call` through every stage and returns the sanitized final status.
  absl::Status Run(Call& call) const;

  // RunAsync is Run for transports that answer from a callback: `done` receives the sanitized
  // final status once the last stage is through, possibly on another thread (the audit stage
  // finishes when its record is durable). `call` must outlive that.
  using Done = absl::AnyInvocable<void(absl::Status) &&>;
  void RunAsync(Call& call, Done done) const;

  // Refuse finishes a call that a transport refused before it could run (a request too large or
  // too malformed to parse, an unknown route): only the finishing stages run, so the refusal is
  // audited and sanitized like any other call. Returns the sanitized status.
  absl::Status Refuse(Call& call, absl::Status status) const;

  // MayBlock says whether some stage may hold the calling thread for `method` (see
  // Stage::MayBlock).
  bool MayBlock(const MethodInfo& method) const;

  const std::vector<std::unique_ptr<Stage>>& stages() const { return stages_; }

 private:
  explicit Chain(std::vector<std::unique_ptr<Stage>> stages, size_t terminal_index)
      : stages_(std::move(stages)), terminal_index_(terminal_index) {}

  // Unwind gives the response to the `ran` request stages that ran, in reverse, then finishes.
  void Unwind(Call& call, absl::Status status, size_t ran, Done done) const;

  // Finish runs the finishing stages from `index` on, each continuing the next, then `done`.
  void Finish(Call& call, absl::Status status, size_t index, Done done) const;

  std::vector<std::unique_ptr<Stage>> stages_;
  size_t terminal_index_;
};

struct EnvelopeConfig;
struct EnvelopeDependencies;

// BuildChain is the one place the order of the envelope is written:
// authenticate, request_size, validate, authorize, deadline, handler, audit, sanitize.
absl::StatusOr<std::unique_ptr<Chain>> BuildChain(const EnvelopeConfig& config,
                                                  const EnvelopeDependencies& deps);

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_CHAIN_H_
