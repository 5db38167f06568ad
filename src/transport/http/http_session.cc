#include "transport/http/http_session.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <utility>

#include "base/reasons.h"
#include "envelope/peer_address.h"
#include "transport/tls/handshake_failures.h"
#include "transport/tls/peer_certificate.h"

namespace cam::transport::http {
namespace {

namespace beast = ::boost::beast;
namespace net = ::boost::asio;
namespace bhttp = ::boost::beast::http;

// Bytes asked of the socket while waiting for a request to begin.
constexpr size_t kFirstReadBytes = 4096;
// How long a closing connection may take to say goodbye.
constexpr std::chrono::seconds kCloseTimeout{2};
// At most this much of a refused request is read and discarded while lingering; the time bound
// above usually ends it first.
constexpr size_t kMaxLingerBytes = 16 << 20;

std::string AddressOf(const net::ip::tcp::socket& socket) {
  beast::error_code ec;
  const net::ip::tcp::endpoint endpoint = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  const net::ip::address address = endpoint.address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

bool IsParseError(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

HandshakeFailure ClassifyHandshakeError(const beast::error_code& ec) {
  if (ec.category() == net::error::get_ssl_category()) {
    return ClassifyOpenSslError(static_cast<unsigned long>(ec.value()));
  }
  // End of stream, reset, or the header timeout (which also bounds the handshake).
  return HandshakeFailure::kAborted;
}

}  // namespace

HttpSession::HttpSession(net::ip::tcp::socket socket, net::ssl::context& tls, ServerState& state)
    : stream_(std::move(socket), tls),
      state_(state),
      buffer_(state.limits().max_header_bytes + state.limits().max_body_bytes + kFirstReadBytes) {
  peer_.address = AddressOf(beast::get_lowest_layer(stream_).socket());
}

HttpSession::~HttpSession() { state_.connections().fetch_sub(1, std::memory_order_acq_rel); }

void HttpSession::Start() {
  beast::get_lowest_layer(stream_).expires_after(state_.limits().header_timeout);
  stream_.async_handshake(
      net::ssl::stream_base::server,
      [self = shared_from_this()](beast::error_code ec) { self->OnHandshake(ec); });
}

void HttpSession::OnHandshake(beast::error_code ec) {
  // A TLS 1.2 client or one without a valid certificate fails here; the connection just ends,
  // counted for the periodic audit summary.
  if (ec) {
    if (HandshakeFailureTally* tally = state_.handshake_failures(); tally != nullptr) {
      tally->Record("http", ClassifyHandshakeError(ec), envelope::SourceOf(peer_.address));
    }
    return;
  }
  SSL* ssl = stream_.native_handle();
  X509* cert = SSL_get1_peer_certificate(ssl);
  const bool verified = cert != nullptr && SSL_get_verify_result(ssl) == X509_V_OK;
  peer_.certificate = PeerCertificateFromX509(cert, verified);
  X509_free(cert);
  AwaitRequest();
}

void HttpSession::AwaitRequest() {
  if (buffer_.size() > 0) {  // a pipelined request has already begun
    ReadHeader();
    return;
  }
  // Idle: wait, up to the idle timeout, for the first byte of the next request.
  beast::get_lowest_layer(stream_).expires_after(state_.limits().idle_timeout);
  stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                          [self = shared_from_this()](beast::error_code ec, size_t n) {
                            if (ec) return;
                            self->buffer_.commit(n);
                            self->ReadHeader();
                          });
}

void HttpSession::ReadHeader() {
  parser_.emplace();
  parser_->header_limit(
      static_cast<std::uint32_t>(std::min<size_t>(state_.limits().max_header_bytes, UINT32_MAX)));
  parser_->body_limit(state_.limits().max_body_bytes);
  request_id_.clear();
  // From the first byte, the whole header must arrive within the header timeout (slowloris).
  beast::get_lowest_layer(stream_).expires_after(state_.limits().header_timeout);
  bhttp::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
}

void HttpSession::OnHeader(beast::error_code ec) {
  if (ec) {
    OnReadError(ec);
    return;
  }
  received_at_ = absl::Now();
  const auto& request = parser_->get();
  version_ = request.version();
  keep_alive_ = request.keep_alive();
  const auto id = request["X-Request-Id"];
  request_id_ = RequestHandler::ResolveRequestId(std::string_view(id.data(), id.size()));
  if (beast::iequals(request[bhttp::field::expect], "100-continue") && !parser_->is_done()) {
    continue_.emplace(bhttp::status::continue_, version_);
    beast::get_lowest_layer(stream_).expires_after(state_.limits().idle_timeout);
    bhttp::async_write(stream_, *continue_,
                       [self = shared_from_this()](beast::error_code ec, size_t) {
                         if (ec) return;
                         self->ReadBody();
                       });
    return;
  }
  ReadBody();
}

void HttpSession::ReadBody() {
  if (parser_->is_done()) {
    Dispatch();
    return;
  }
  beast::get_lowest_layer(stream_).expires_after(state_.limits().idle_timeout);
  bhttp::async_read(stream_, buffer_, *parser_,
                    [self = shared_from_this()](beast::error_code ec, size_t) {
                      if (ec) {
                        self->OnReadError(ec);
                        return;
                      }
                      self->Dispatch();
                    });
}

void HttpSession::OnReadError(beast::error_code ec) {
  if (request_id_.empty()) request_id_ = RequestHandler::ResolveRequestId({});
  absl::Status refusal;
  int http_status = 0;
  std::string target;
  if (ec == bhttp::error::body_limit) {
    refusal = base::Error(base::Reason::kValidationPayloadTooLarge);
    // The header was read whole, so its target is known.
    const auto t = parser_->get().target();
    target.assign(t.data(), t.size());
  } else if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
    refusal = base::Error(base::Reason::kValidationPayloadTooLarge);
    http_status = 431;
  } else if (IsParseError(ec)) {
    refusal = base::Error(base::Reason::kValidationMalformedBody);
  } else {
    return;  // the peer went away, timed out or broke TLS: nothing to answer
  }
  // The refusal is audited like any call; that syncs the audit log, so it runs on a worker.
  if (!state_.TryStartRequest()) {
    Answer(RequestHandler::ErrorAnswer(refusal, request_id_, http_status), Close::kLinger, false);
    return;
  }
  beast::get_lowest_layer(stream_).expires_never();
  const bool queued = state_.Submit(
      [self = shared_from_this(), refusal, http_status, target = std::move(target)]() mutable {
        HttpAnswer answer = self->state_.handler().RefuseAtEdge(self->peer_, self->request_id_,
                                                                target, refusal, http_status);
        auto executor = self->stream_.get_executor();
        net::post(executor, [self = std::move(self), answer = std::move(answer)]() mutable {
          self->Answer(std::move(answer), Close::kLinger, true);
        });
      });
  if (!queued) {
    state_.RequestFinished();
    Answer(RequestHandler::ErrorAnswer(refusal, request_id_, http_status), Close::kLinger, false);
  }
}

void HttpSession::Dispatch() {
  auto& request = parser_->get();
  const std::string_view method(request.method_string().data(), request.method_string().size());
  const std::string_view target(request.target().data(), request.target().size());
  // A HEAD answer must not carry a body, and ours always do: end the connection after it so
  // the client cannot mistake the body for the next response.
  if (method == "HEAD") keep_alive_ = false;
  if (RequestHandler::IsProbe(target)) {
    Answer(state_.handler().Probe(method, target, request_id_), Close::kNo, false);
    return;
  }
  if (!state_.TryStartRequest()) {
    Answer(RequestHandler::ErrorAnswer(base::Error(base::Reason::kServerDraining), request_id_),
           Close::kGraceful, false);
    return;
  }
  HttpRequest call;
  call.method = std::string(method);
  call.target = std::string(target);
  call.body = std::move(request.body());
  call.request_id = request_id_;
  const auto deadline = request["X-Cam-Deadline-Ms"];
  call.deadline_header = std::string(deadline.data(), deadline.size());
  const auto authorization = request[bhttp::field::authorization];
  call.authorization = std::string(authorization.data(), authorization.size());
  call.received_at = received_at_;
  call.peer = peer_;
  parser_.reset();

  // No read is pending until the answer is written, so no timer should fire meanwhile. The
  // worker only runs the envelope up to the handler (and any refusal before it, which waits for
  // its audit record); the answer comes from the chain's completion, often on the store's commit
  // thread or the audit log's writer, which posts it back to this session's strand.
  beast::get_lowest_layer(stream_).expires_never();
  const bool queued = state_.Submit([self = shared_from_this(), call = std::move(call)]() mutable {
    const RequestHandler& handler = self->state_.handler();
    // Counted until the completion has handed the answer to the I/O context: shutdown must not
    // destroy that context, or the server's state, while a completion may still reach them.
    self->state_.AnswerPending();
    // `call` is read only until HandleAsync returns, which may be before the answer exists.
    handler.HandleAsync(call, [self = std::move(self)](HttpAnswer answer) mutable {
      ServerState& state = self->state_;
      try {
        auto executor = self->stream_.get_executor();
        // Move the last reference into the posted task, so the session dies on its strand.
        net::post(executor, [self = std::move(self), answer = std::move(answer)]() mutable {
          self->Answer(std::move(answer), Close::kNo, true);
        });
      } catch (...) {
        // Out of memory: the answer is lost and the connection ends with its last reference;
        // the request no longer counts as in flight. Nothing may escape to the chain's thread.
        self.reset();
        state.RequestFinished();
      }
      state.AnswerPosted();
    });
  });
  if (!queued) {
    state_.RequestFinished();
    Answer(RequestHandler::ErrorAnswer(base::Error(base::Reason::kServerDraining), request_id_),
           Close::kGraceful, false);
  }
}

void HttpSession::Answer(HttpAnswer answer, Close close, bool counted) {
  response_.emplace(static_cast<bhttp::status>(answer.status), version_);
  bhttp::response<bhttp::string_body>& response = *response_;
  response.set(bhttp::field::content_type, "application/json");
  response.set(bhttp::field::cache_control, "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Request-Id", request_id_);
  if (!answer.allow.empty()) response.set(bhttp::field::allow, answer.allow);
  if (answer.retry_after) response.set(bhttp::field::retry_after, "1");
  response.body() = std::move(answer.body);
  if (close == Close::kNo && (!keep_alive_ || state_.draining())) close = Close::kGraceful;
  const bool keep_alive = close == Close::kNo;
  response.keep_alive(keep_alive);
  response.prepare_payload();
  beast::get_lowest_layer(stream_).expires_after(state_.limits().idle_timeout);
  bhttp::async_write(
      stream_, response,
      [self = shared_from_this(), keep_alive, close, counted](beast::error_code ec, size_t) {
        self->OnWrite(ec, keep_alive, close, counted);
      });
}

void HttpSession::OnWrite(beast::error_code ec, bool keep_alive, Close close, bool counted) {
  if (counted) state_.RequestFinished();
  response_.reset();
  continue_.reset();
  if (ec) return;
  if (keep_alive) {
    AwaitRequest();
  } else if (close == Close::kLinger) {
    Linger();
  } else {
    CloseGracefully();
  }
}

void HttpSession::CloseGracefully() {
  beast::get_lowest_layer(stream_).expires_after(kCloseTimeout);
  stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
    beast::error_code ignored;
    beast::get_lowest_layer(self->stream_)
        .socket()
        .shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  });
}

void HttpSession::Linger() {
  // The client may still be sending the body we refused; closing with unread data would reset
  // the connection and could destroy our answer in flight. So stop sending, and discard what
  // arrives for a short while (RFC 9112 section 9.6).
  auto& tcp = beast::get_lowest_layer(stream_);
  if (lingered_ == 0) {
    beast::error_code ignored;
    tcp.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    tcp.expires_after(kCloseTimeout);
  }
  tcp.async_read_some(net::buffer(linger_buffer_),
                      [self = shared_from_this()](beast::error_code ec, size_t n) {
                        self->lingered_ += n + 1;
                        if (ec || self->lingered_ > kMaxLingerBytes) return;
                        self->Linger();
                      });
}

}  // namespace cam::transport::http
