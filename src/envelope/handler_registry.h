// File: envelope/handler_registry.h
// HandlerRegistry maps a method's full name to the syscall that serves it. Built at startup,
// read-only afterwards, so lookups need no lock.
#ifndef CAM_ENVELOPE_HANDLER_REGISTRY_H_
#define CAM_ENVELOPE_HANDLER_REGISTRY_H_

#include <functional>
#include <string>
#include <unordered_map>
#include <utility>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "envelope/call.h"

namespace cam::envelope {

// A handler reads call.request, fills call.response (both of the method's types) and hands its
// status to `done`: at once for most syscalls, later and on another thread for one that waits
// for a durable write without holding a thread (ContextWrite). `done` runs exactly once.
using HandlerDone = absl::AnyInvocable<void(absl::Status) &&>;
struct Handler {
  std::function<void(Call&, HandlerDone)> run;
  // A synchronous syscall that changes state may hold its thread until a store write is
  // durable. An asynchronous one never does: where it would wait, it goes on through
  // call.run_blocking, so transports may run it on their I/O threads.
  bool may_block = true;
};

// Respond is how an asynchronous syscall hands over its response or error.
template <typename Resp>
using Respond = absl::AnyInvocable<void(absl::StatusOr<Resp>) &&>;

class HandlerRegistry {
 public:
  // Register fails if the name is already taken.
  absl::Status Register(const std::string& method_full_name, Handler handler);
  // Find returns the handler, or null when the method is not implemented.
  const Handler* Find(const std::string& method_full_name) const;
  bool Contains(const std::string& method_full_name) const {
    return Find(method_full_name) != nullptr;
  }

 private:
  std::unordered_map<std::string, Handler> handlers_;
};

// TypedHandler adapts `fn(Call&, const Req&) -> StatusOr<Resp>` to a Handler.
template <typename Req, typename Resp, typename Fn>
Handler TypedHandler(Fn fn) {
  return Handler{.run = [fn = std::move(fn)](Call& call, HandlerDone done) {
    const auto& request = static_cast<const Req&>(*call.request);
    auto result = fn(call, request);
    if (!result.ok()) {
      std::move(done)(result.status());
      return;
    }
    static_cast<Resp&>(*call.response) = *std::move(result);
    std::move(done)(absl::OkStatus());
  }};
}

// AsyncTypedHandler adapts `fn(Call&, const Req&, Respond<Resp>)` to a Handler.
template <typename Req, typename Resp, typename Fn>
Handler AsyncTypedHandler(Fn fn) {
  auto run = [fn = std::move(fn)](Call& call, HandlerDone done) {
    const auto& request = static_cast<const Req&>(*call.request);
    fn(call, request, [&call, done = std::move(done)](absl::StatusOr<Resp> result) mutable {
      if (!result.ok()) {
        std::move(done)(result.status());
        return;
      }
      static_cast<Resp&>(*call.response) = *std::move(result);
      std::move(done)(absl::OkStatus());
    });
  };
  return Handler{.run = std::move(run), .may_block = false};
}

// MethodHandler adapts a syscall member function `StatusOr<Resp> (Owner::*)(Call&, const Req&)`,
// taking the request and response types from its signature so registrations do not restate them.
template <typename Owner, typename Req, typename Resp>
Handler MethodHandler(Owner* owner, absl::StatusOr<Resp> (Owner::*method)(Call&, const Req&)) {
  return TypedHandler<Req, Resp>(
      [owner, method](Call& call, const Req& request) { return (owner->*method)(call, request); });
}

// The same for an asynchronous syscall, `void (Owner::*)(Call&, const Req&, Respond<Resp>)`.
template <typename Owner, typename Req, typename Resp>
Handler MethodHandler(Owner* owner, void (Owner::*method)(Call&, const Req&, Respond<Resp>)) {
  return AsyncTypedHandler<Req, Resp>(
      [owner, method](Call& call, const Req& request, Respond<Resp> respond) {
        (owner->*method)(call, request, std::move(respond));
      });
}

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_HANDLER_REGISTRY_H_
