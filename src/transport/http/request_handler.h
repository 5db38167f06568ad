// File: transport/http/request_handler.h
// RequestHandler: the transport-free half of the gateway. It turns one fully read HTTP request
// into an answer: route, decode, build an envelope::Call, run the chain, encode. It knows nothing
// of sockets or Beast, so it is tested without a network. The server calls HandleAsync on a
// worker thread; the chain itself does not hold that thread while storage or the audit log syncs
// (it finishes on their threads), but a refusal before the chain still waits for its audit record.
#ifndef CAM_TRANSPORT_HTTP_REQUEST_HANDLER_H_
#define CAM_TRANSPORT_HTTP_REQUEST_HANDLER_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "envelope/call.h"
#include "transport/http/route_table.h"

namespace cam::envelope {
class Chain;
}  // namespace cam::envelope

namespace cam::transport::http {

struct HttpRequest {
  std::string method;  // "GET"
  std::string target;  // origin-form: "/v1/namespaces/a/keys/b?version=2"
  std::string body;
  std::string request_id;       // from ResolveRequestId
  std::string deadline_header;  // X-Cam-Deadline-Ms, empty when absent
  std::string authorization;    // Authorization, empty when absent
  absl::Time received_at = absl::InfinitePast();
  envelope::Peer peer;
};

struct HttpAnswer {
  int status = 200;
  std::string body;          // always JSON
  std::string allow;         // the Allow header of a 405
  bool retry_after = false;  // retryable errors carry "Retry-After: 1"
};

class RequestHandler {
 public:
  // `chain` must outlive the handler; `ready` answers /readyz and may be called from any thread.
  RequestHandler(RouteTable routes, const envelope::Chain* chain, std::function<bool()> ready);

  // ResolveRequestId keeps a client's X-Request-Id when it matches ^[A-Za-z0-9._-]{1,64}$ and
  // otherwise makes a new random one.
  static std::string ResolveRequestId(std::string_view header);

  // IsProbe: /healthz and /readyz, answered without the envelope (still behind mTLS).
  static bool IsProbe(std::string_view target);
  HttpAnswer Probe(std::string_view method, std::string_view target,
                   std::string_view request_id) const;

  // HandleAsync answers one API request: `done` receives the answer exactly once, on every
  // path. Everything before the chain (routing, headers, decoding, and the refusals of those
  // steps, which wait for their audit record) runs on the calling thread, which then calls `done`
  // itself; a request that reaches the chain is answered from the chain's completion, possibly
  // later and on another thread (the store's commit thread, the audit log's writer). HandleAsync
  // returns as soon as the chain has taken the call; `request` is only read until then. Safe to
  // call from many threads at once.
  // Never throws, and never puts exception text or internals in a body. `done` must not throw.
  // The chain's completion holds nothing of the handler, so only the chain (and whatever `done`
  // refers to) must outlive it.
  using AnswerDone = absl::AnyInvocable<void(HttpAnswer) &&>;
  void HandleAsync(const HttpRequest& request, AnswerDone done) const;

  // Handle is HandleAsync for callers that wait: it blocks until the answer is there.
  HttpAnswer Handle(const HttpRequest& request) const;

  // RefuseAtEdge answers a request the session could not read (oversized header or body,
  // unparsable HTTP) after auditing it through the envelope's finishing stages. Blocking (the
  // audit record is synced): call it on a worker thread. `target` may be empty.
  HttpAnswer RefuseAtEdge(const envelope::Peer& peer, std::string_view request_id,
                          std::string_view target, const absl::Status& status,
                          int http_status) const;

  // ErrorAnswer presents a status through the reason table; a non-zero `http_status` overrides
  // the table's (405 for CAM_VALIDATION_ROUTE).
  static HttpAnswer ErrorAnswer(const absl::Status& status, std::string_view request_id,
                                int http_status = 0);

 private:
  static constexpr size_t kMaxAuditedPathBytes = 256;

  struct ChainRun;

  // Prepare does everything before the chain: it fills `run` (the call and its messages) and
  // returns nullopt, or returns the answer of a request refused on the way. May throw.
  std::optional<HttpAnswer> Prepare(const HttpRequest& request, ChainRun& run) const;
  // Deliver hands `answer` to the run's `done` unless the run was already answered.
  static void Deliver(ChainRun& run, HttpAnswer answer);
  // Complete is the chain's completion: it encodes the response or the error, then delivers.
  static void Complete(ChainRun& run, const absl::Status& status);
  // InternalErrorAnswer is CAM_INTERNAL_ERROR; if even that cannot be built (out of memory), a
  // bare 500.
  static HttpAnswer InternalErrorAnswer(std::string_view request_id) noexcept;
  // Refuse audits and sanitizes a refusal through the chain's finishing stages, then answers it.
  HttpAnswer Refuse(envelope::Call& call, const absl::Status& status, int http_status) const;
  // NoteEdgeFacts puts the path, the HTTP status and the certificate's claimed identity in the
  // audit facts of a call refused before the envelope could name its method.
  static void NoteEdgeFacts(envelope::Call& call, std::string_view target, int http_status);

  RouteTable routes_;
  const envelope::Chain* chain_;
  std::function<bool()> ready_;
};

}  // namespace cam::transport::http

#endif  // CAM_TRANSPORT_HTTP_REQUEST_HANDLER_H_
