// File: transport/http/http_server.h
// HttpServer: camd's HTTPS/JSON gateway. TLS 1.3 only with a required, verified client
// certificate; HTTP/1.1 keep-alive; routes from the contract's `(cam.v1.call).route` options;
// every API call enters the envelope on a worker pool, never on an I/O thread, and is answered
// from the chain's completion without a worker waiting for storage or the audit log to sync.
// /healthz and /readyz answer without the envelope. Boost.Beast stays behind the pimpl.
#ifndef CAM_TRANSPORT_HTTP_HTTP_SERVER_H_
#define CAM_TRANSPORT_HTTP_HTTP_SERVER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace cam::envelope {
class Chain;
class MethodTable;
}  // namespace cam::envelope

namespace cam::transport {

class HandshakeFailureTally;

struct HttpServerConfig {
  std::string address = "127.0.0.1:8443";  // host:port; port 0 = pick a free port
  std::string cert_file, key_file;         // server certificate chain and key (PEM)
  std::string client_ca_file;              // CA that client certificates must chain to (PEM)
  // Bigger bodies get 413 and the connection closes. JSON carries bytes as base64 (4/3 of the
  // raw size), so values near the 1 MiB value limit need a larger body limit than this default.
  size_t max_body_bytes = (1 << 20) + (64 << 10);
  size_t max_header_bytes = 16 << 10;
  int io_threads = 1;
  int worker_threads = 32;  // the envelope up to the handler, and audited refusals, run here
  absl::Duration idle_timeout = absl::Seconds(60);    // between requests, and per body and write
  absl::Duration header_timeout = absl::Seconds(10);  // handshake, and first byte to last header
  size_t max_connections = 1024;                      // more are closed right after accept
  // Failed TLS handshakes are counted here (not owned; may be null).
  HandshakeFailureTally* handshake_failures = nullptr;
};

class HttpServer {
 public:
  // Start binds, loads the TLS material and starts the threads. `methods`, `chain` and `ready`
  // must outlive the server. ready() says whether /readyz answers 200.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(HttpServerConfig config,
                                                           const envelope::MethodTable* methods,
                                                           const envelope::Chain* chain,
                                                           std::function<bool()> ready);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port.
  int port() const;

  // Shutdown stops accepting, lets in-flight requests finish (up to `drain`; requests arriving
  // meanwhile get 503 CAM_SERVER_DRAINING), then closes every connection and joins all threads.
  // Past the drain it still waits for the chain to finish the calls it has begun (their answers
  // are dropped): a completion refers to the server until it has run. Idempotent; the destructor
  // calls it with a zero drain. Call it from an application thread, never from a stage running
  // inside the server or from a chain's completion (it joins the server's threads and waits for
  // the completions).
  void Shutdown(absl::Duration drain);

 private:
  class Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cam::transport

#endif  // CAM_TRANSPORT_HTTP_HTTP_SERVER_H_
