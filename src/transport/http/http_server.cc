#include "transport/http/http_server.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <charconv>
#include <chrono>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "base/status_macros.h"
#include "envelope/chain.h"
#include "envelope/method_table.h"
#include "transport/http/http_session.h"
#include "transport/http/request_handler.h"
#include "transport/http/route_table.h"
#include "transport/http/server_state.h"
#include "transport/http/tls_context.h"

namespace cam::transport {
namespace {

namespace net = ::boost::asio;
using ::boost::asio::ip::tcp;

// How long the listener waits after an accept failure (descriptor exhaustion) before retrying.
constexpr std::chrono::milliseconds kAcceptBackoff{100};

std::chrono::milliseconds ToChrono(absl::Duration d) {
  return std::chrono::milliseconds(absl::ToInt64Milliseconds(d));
}

absl::StatusOr<tcp::endpoint> ParseAddress(const std::string& address, net::io_context& ioc) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon + 1 == address.size()) {
    return absl::InvalidArgumentError("HTTP address \"" + address + "\" is not host:port");
  }
  std::string host = address.substr(0, colon);
  const std::string port_text = address.substr(colon + 1);
  unsigned port = 0;
  const auto [ptr, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535) {
    return absl::InvalidArgumentError("HTTP address \"" + address + "\" has a bad port");
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  boost::system::error_code error;
  const net::ip::address ip = net::ip::make_address(host, error);
  if (!error) return tcp::endpoint(ip, static_cast<unsigned short>(port));
  tcp::resolver resolver(ioc);
  const auto results = resolver.resolve(host, port_text, error);
  if (error || results.empty()) {
    return absl::InvalidArgumentError("HTTP address \"" + address + "\" does not resolve");
  }
  return results.begin()->endpoint();
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl() = default;
  ~Impl() { Shutdown(absl::ZeroDuration()); }

  absl::Status Init(const HttpServerConfig& config, const envelope::MethodTable& methods,
                    const envelope::Chain* chain, std::function<bool()> ready);
  void Shutdown(absl::Duration drain);
  int port() const { return port_; }

 private:
  void Accept();
  void OnAccept(boost::system::error_code ec, tcp::socket socket);
  void Run();

  // Declaration order is destruction order in reverse: the TLS context and the shared state
  // outlive the io_context, whose destruction frees the last sessions.
  std::unique_ptr<net::ssl::context> tls_;
  std::unique_ptr<http::ServerState> state_;
  std::unique_ptr<net::io_context> ioc_;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::optional<tcp::acceptor> acceptor_;
  std::optional<net::steady_timer> backoff_;
  std::vector<std::thread> threads_;
  int port_ = 0;
  std::mutex shutdown_mu_;
  bool stopped_ = false;
};

absl::Status HttpServer::Impl::Init(const HttpServerConfig& config,
                                    const envelope::MethodTable& methods,
                                    const envelope::Chain* chain, std::function<bool()> ready) {
  if (chain == nullptr) return absl::InvalidArgumentError("HTTP server needs a chain");
  if (config.io_threads < 1 || config.worker_threads < 1 || config.max_connections < 1 ||
      config.max_body_bytes < 1 || config.max_header_bytes < 1024 ||
      config.idle_timeout <= absl::ZeroDuration() ||
      config.header_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("HTTP server limits must be positive");
  }
  CAM_ASSIGN_OR_RETURN(http::RouteTable routes, http::RouteTable::Build(methods));
  CAM_ASSIGN_OR_RETURN(tls_, http::MakeServerTlsContext({.cert_file = config.cert_file,
                                                         .key_file = config.key_file,
                                                         .client_ca_file = config.client_ca_file}));
  http::ServerLimits limits{.max_body_bytes = config.max_body_bytes,
                            .max_header_bytes = config.max_header_bytes,
                            .idle_timeout = ToChrono(config.idle_timeout),
                            .header_timeout = ToChrono(config.header_timeout),
                            .max_connections = config.max_connections};
  ioc_ = std::make_unique<net::io_context>(config.io_threads);
  CAM_ASSIGN_OR_RETURN(const tcp::endpoint endpoint, ParseAddress(config.address, *ioc_));

  acceptor_.emplace(net::make_strand(*ioc_));
  boost::system::error_code ec;
  acceptor_->open(endpoint.protocol(), ec);
  if (!ec) acceptor_->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_->bind(endpoint, ec);
  if (!ec) acceptor_->listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError("HTTP server cannot listen on " + config.address + ": " +
                                  ec.message());
  }
  port_ = acceptor_->local_endpoint().port();
  backoff_.emplace(acceptor_->get_executor());

  state_ = std::make_unique<http::ServerState>(
      limits, http::RequestHandler(std::move(routes), chain, std::move(ready)),
      static_cast<size_t>(config.worker_threads), config.handshake_failures);
  work_.emplace(ioc_->get_executor());
  Accept();
  for (int i = 0; i < config.io_threads; ++i) threads_.emplace_back([this] { Run(); });
  return absl::OkStatus();
}

void HttpServer::Impl::Run() {
  for (;;) {
    try {
      ioc_->run();
      return;
    } catch (...) {
      // A handler threw (allocation failure); the connection it served is gone. Keep serving.
    }
  }
}

void HttpServer::Impl::Accept() {
  acceptor_->async_accept(net::make_strand(*ioc_),
                          [this](boost::system::error_code ec, tcp::socket socket) {
                            OnAccept(ec, std::move(socket));
                          });
}

void HttpServer::Impl::OnAccept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_->is_open()) return;
  if (ec) {
    backoff_->expires_after(kAcceptBackoff);
    backoff_->async_wait([this](boost::system::error_code wait_ec) {
      if (!wait_ec && acceptor_->is_open()) Accept();
    });
    return;
  }
  if (state_->draining() ||
      state_->connections().load(std::memory_order_acquire) >= state_->limits().max_connections) {
    boost::system::error_code ignored;
    socket.close(ignored);
  } else {
    state_->connections().fetch_add(1, std::memory_order_acq_rel);
    std::make_shared<http::HttpSession>(std::move(socket), *tls_, *state_)->Start();
  }
  Accept();
}

void HttpServer::Impl::Shutdown(absl::Duration drain) {
  std::lock_guard<std::mutex> lock(shutdown_mu_);
  if (stopped_) return;
  stopped_ = true;
  if (ioc_ == nullptr) return;  // Init failed before anything ran
  if (state_ != nullptr) state_->StartDraining();
  if (acceptor_.has_value()) {
    std::promise<void> closed;
    net::post(acceptor_->get_executor(), [this, &closed] {
      boost::system::error_code ignored;
      acceptor_->close(ignored);
      backoff_->cancel();
      closed.set_value();
    });
    if (!threads_.empty()) closed.get_future().wait();
  }
  if (state_ != nullptr) {
    state_->WaitIdle(std::chrono::steady_clock::now() + ToChrono(drain));
  }
  work_.reset();
  ioc_->stop();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  // Queued work still runs, and chains still running finish: their completions post answers
  // into the stopped io_context, where they are destroyed with it. JoinWorkers waits for every
  // completion to have posted, whatever the drain, since each refers to the io_context.
  if (state_ != nullptr) state_->JoinWorkers();
  backoff_.reset();
  acceptor_.reset();
  ioc_.reset();
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Shutdown(absl::ZeroDuration()); }

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(HttpServerConfig config,
                                                              const envelope::MethodTable* methods,
                                                              const envelope::Chain* chain,
                                                              std::function<bool()> ready) {
  if (methods == nullptr) return absl::InvalidArgumentError("HTTP server needs a method table");
  auto impl = std::make_unique<Impl>();
  try {
    CAM_RETURN_IF_ERROR(impl->Init(config, *methods, chain, std::move(ready)));
  } catch (const std::exception& e) {
    return absl::InternalError(std::string("HTTP server start: ") + e.what());
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

int HttpServer::port() const { return impl_->port(); }

void HttpServer::Shutdown(absl::Duration drain) { impl_->Shutdown(drain); }

}  // namespace cam::transport
