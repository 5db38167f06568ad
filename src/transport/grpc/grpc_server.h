// File: transport/grpc/grpc_server.h
// GrpcServer serves every unary cam.v1 method as a registered method: it parses the request with
// the method's own message type, runs the envelope chain (on gRPC's thread, or on a worker when a
// stage may wait: see Chain::MayBlock), and answers with the response or a sanitized status
// carrying google.rpc.ErrorInfo. Unknown methods and streams get UNIMPLEMENTED with a reason. It
// also serves grpc.health.v1's Check.
// TLS 1.3 only (see tls/tls13_only.h) with a verified client certificate required.
#ifndef CAM_TRANSPORT_GRPC_GRPC_SERVER_H_
#define CAM_TRANSPORT_GRPC_GRPC_SERVER_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "envelope/chain.h"
#include "envelope/method_table.h"

namespace cam::transport {

struct GrpcServerConfig {
  std::string address = "127.0.0.1:7443";  // host:port; port 0 picks a free port
  std::string cert_file;                   // server certificate chain (PEM)
  std::string key_file;                    // server private key (PEM)
  std::string client_ca_file;              // CA that client certificates must chain to (PEM)
  // Messages above this are refused by gRPC itself; below it the envelope's own limits apply
  // with reason codes. Default: 1 MiB value limit + 1 MiB slack.
  size_t max_receive_bytes = 2 << 20;
  // Threads for calls whose stages may wait on a store sync (Chain::MayBlock); the other calls
  // run on gRPC's own threads.
  int worker_threads = 16;
  // Concurrent streams per connection.
  int max_concurrent_streams = 256;
};

class GrpcServer {
 public:
  static absl::StatusOr<std::unique_ptr<GrpcServer>> Start(GrpcServerConfig config,
                                                           const envelope::MethodTable* methods,
                                                           const envelope::Chain* chain,
                                                           std::function<bool()> ready);
  ~GrpcServer();
  GrpcServer(const GrpcServer&) = delete;
  GrpcServer& operator=(const GrpcServer&) = delete;

  int port() const;
  // Shutdown stops accepting calls, lets in-flight calls finish for up to `drain`, then cancels
  // the rest. Idempotent.
  void Shutdown(absl::Duration drain);

  class Impl;

 private:
  explicit GrpcServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cam::transport

#endif  // CAM_TRANSPORT_GRPC_GRPC_SERVER_H_
