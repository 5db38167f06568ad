#include "transport/http/request_handler.h"

#include <google/protobuf/message.h>

#include <atomic>
#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include "base/one_shot.h"
#include "base/random.h"
#include "base/reasons.h"
#include "envelope/chain.h"
#include "envelope/method_table.h"
#include "transport/error_mapping.h"
#include "transport/http/json_codec.h"
#include "transport/http/request_decoder.h"

namespace cam::transport::http {
namespace {

// A client may ask for a shorter deadline than the method's; a day is far past any of them.
constexpr int64_t kMaxClientDeadlineMs = 24 * 60 * 60 * 1000;

bool IsRequestIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

std::string_view QueryOf(std::string_view target) {
  const size_t q = target.find('?');
  return q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
}

}  // namespace

RequestHandler::RequestHandler(RouteTable routes, const envelope::Chain* chain,
                               std::function<bool()> ready)
    : routes_(std::move(routes)), chain_(chain), ready_(std::move(ready)) {}

std::string RequestHandler::ResolveRequestId(std::string_view header) {
  if (!header.empty() && header.size() <= 64) {
    bool ok = true;
    for (char c : header) ok = ok && IsRequestIdChar(c);
    if (ok) return std::string(header);
  }
  return base::NewRequestId();
}

bool RequestHandler::IsProbe(std::string_view target) {
  const std::string_view path = PathOf(target);
  return path == "/healthz" || path == "/readyz";
}

HttpAnswer RequestHandler::Probe(std::string_view method, std::string_view target,
                                 std::string_view request_id) const {
  HttpAnswer answer;
  if (method != "GET") {
    answer = ErrorAnswer(base::Error(base::Reason::kValidationRoute), request_id, 405);
    answer.allow = "GET";
    return answer;
  }
  if (PathOf(target) == "/healthz") {
    answer.body = R"({"status":"SERVING"})";
    return answer;
  }
  bool ready = false;
  try {
    ready = ready_ ? ready_() : true;
  } catch (...) {
    ready = false;
  }
  answer.status = ready ? 200 : 503;
  answer.body = ready ? R"({"status":"SERVING"})" : R"({"status":"NOT_SERVING"})";
  answer.retry_after = !ready;
  return answer;
}

HttpAnswer RequestHandler::ErrorAnswer(const absl::Status& status, std::string_view request_id,
                                       int http_status) {
  PublicError error = PublicErrorOf(status);
  if (http_status != 0) error.http_status = http_status;
  HttpAnswer answer;
  answer.status = error.http_status;
  answer.body = HttpErrorBody(error, request_id);
  answer.retry_after = error.retryable || error.http_status == 429 || error.http_status == 503;
  return answer;
}

void RequestHandler::NoteEdgeFacts(envelope::Call& call, std::string_view target, int http_status) {
  // The path only (queries may carry values), bounded; the audit encoder escapes the rest.
  const std::string_view path = PathOf(target);
  call.audit.resource = "http:" + std::string(path.substr(0, kMaxAuditedPathBytes));
  call.audit.details.emplace_back("http_status", std::to_string(http_status));
  // Who presented the request, as the certificate says: the envelope never authenticated it.
  const envelope::PeerCertificate& cert = call.peer.certificate;
  if (cert.present) {
    std::string who = !cert.uri_sans.empty() ? cert.uri_sans.front() : cert.subject_common_name;
    if (who.size() > kMaxAuditedPathBytes) who.resize(kMaxAuditedPathBytes);
    call.audit.details.emplace_back("client_certificate", std::move(who));
  }
}

HttpAnswer RequestHandler::Refuse(envelope::Call& call, const absl::Status& status,
                                  int http_status) const {
  return ErrorAnswer(chain_->Refuse(call, status), call.request_id, http_status);
}

HttpAnswer RequestHandler::RefuseAtEdge(const envelope::Peer& peer, std::string_view request_id,
                                        std::string_view target, const absl::Status& status,
                                        int http_status) const {
  envelope::Call call;
  call.request_id = std::string(request_id);
  call.transport = envelope::Transport::kHttp;
  call.peer = peer;
  call.received_at = absl::Now();
  NoteEdgeFacts(call, target, http_status != 0 ? http_status : PublicErrorOf(status).http_status);
  try {
    return Refuse(call, status, http_status);
  } catch (...) {
    return ErrorAnswer(base::Error(base::Reason::kInternal), request_id);
  }
}

// What one chain run needs until its completion. The call points at the two messages, so they
// are allocated on their own and never move. Shared by the completion (which the chain holds
// until it has finished with the call) and by HandleAsync while RunAsync runs, so that an
// exception out of RunAsync can still be answered: `answered` makes sure `done` runs once.
struct RequestHandler::ChainRun {
  envelope::Call call;
  std::unique_ptr<google::protobuf::Message> request;
  std::unique_ptr<google::protobuf::Message> response;
  AnswerDone done;
  std::atomic<bool> answered{false};
};

HttpAnswer RequestHandler::InternalErrorAnswer(std::string_view request_id) noexcept {
  try {
    // The exception text may hold internals; the client sees only the reason table's message.
    return ErrorAnswer(base::Error(base::Reason::kInternal), request_id);
  } catch (...) {
    HttpAnswer answer;
    answer.status = 500;
    return answer;
  }
}

HttpAnswer RequestHandler::Handle(const HttpRequest& request) const {
  base::OneShot<HttpAnswer> answered;
  HandleAsync(request, [&answered](HttpAnswer answer) { answered.Set(std::move(answer)); });
  return answered.Wait();
}

void RequestHandler::HandleAsync(const HttpRequest& request, AnswerDone done) const {
  std::shared_ptr<ChainRun> run;
  std::optional<HttpAnswer> refused;
  try {
    run = std::make_shared<ChainRun>();
    refused = Prepare(request, *run);
  } catch (...) {
    refused = InternalErrorAnswer(request.request_id);
  }
  if (refused.has_value()) {
    std::move(done)(*std::move(refused));
    return;
  }
  run->done = std::move(done);
  try {
    // From here the chain owns the answer: its completion may run on another thread before
    // RunAsync returns, or long after.
    chain_->RunAsync(run->call, [run](const absl::Status& status) { Complete(*run, status); });
  } catch (...) {
    // A stage threw before the chain could finish (the completion may have been dropped
    // with it). Answer here, unless the completion already did.
    Deliver(*run, InternalErrorAnswer(run->call.request_id));
  }
}

void RequestHandler::Complete(ChainRun& run, const absl::Status& status) {
  // Runs on whichever thread finished the chain: nothing may escape it. The answer is built
  // inside the try and delivered outside it, so `done` runs once whatever throws.
  HttpAnswer answer;
  try {
    if (!status.ok()) {
      answer = ErrorAnswer(status, run.call.request_id);
    } else if (absl::StatusOr<std::string> json = EncodeJson(*run.response); json.ok()) {
      answer.body = *std::move(json);
    } else {
      answer = ErrorAnswer(json.status(), run.call.request_id);
    }
  } catch (...) {
    answer = InternalErrorAnswer(run.call.request_id);
  }
  Deliver(run, std::move(answer));
}

void RequestHandler::Deliver(ChainRun& run, HttpAnswer answer) {
  if (run.answered.exchange(true, std::memory_order_acq_rel)) return;
  // Taken out of the run, so what `done` holds (a session) is released here, on this thread,
  // and not whenever the chain lets go of the run.
  AnswerDone done = std::move(run.done);
  std::move(done)(std::move(answer));
}

std::optional<HttpAnswer> RequestHandler::Prepare(const HttpRequest& request, ChainRun& run) const {
  envelope::Call& call = run.call;
  call.request_id = request.request_id;
  call.transport = envelope::Transport::kHttp;
  call.peer = request.peer;
  call.received_at = request.received_at;
  const RouteMatch match = routes_.Match(request.method, PathOf(request.target));
  if (match.result == RouteMatch::Result::kNotFound) {
    NoteEdgeFacts(call, request.target, 404);
    return Refuse(call, base::Error(base::Reason::kValidationRoute), 0);
  }
  if (match.result == RouteMatch::Result::kMethodNotAllowed) {
    NoteEdgeFacts(call, request.target, 405);
    HttpAnswer answer = Refuse(call, base::Error(base::Reason::kValidationRoute), 405);
    answer.allow = match.allow;
    return answer;
  }

  if (!request.authorization.empty()) {
    call.credentials = envelope::ParseAuthorization(request.authorization);
  }
  call.method = match.method;
  call.request_bytes = request.body.size();

  if (!request.deadline_header.empty()) {
    int64_t ms = 0;
    const std::string& h = request.deadline_header;
    const auto [ptr, ec] = std::from_chars(h.data(), h.data() + h.size(), ms);
    if (ec != std::errc() || ptr != h.data() + h.size() || ms <= 0 || ms > kMaxClientDeadlineMs) {
      return Refuse(call, base::Error(base::Reason::kValidationOutOfRange, "X-Cam-Deadline-Ms"), 0);
    }
    call.client_deadline = call.received_at + absl::Milliseconds(ms);
  }

  run.request.reset(match.method->request_prototype->New());
  absl::Status decoded = DecodeRequest(request.method, match.bindings, QueryOf(request.target),
                                       request.body, run.request.get());
  if (!decoded.ok()) return Refuse(call, decoded, 0);
  run.response.reset(match.method->response_prototype->New());
  call.request = run.request.get();
  call.response = run.response.get();
  return std::nullopt;
}

}  // namespace cam::transport::http
