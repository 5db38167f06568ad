// File: transport/grpc/grpc_log_bridge.h
// GrpcLogBridge routes gRPC core's log lines through camd. gRPC 1.51 runs the TLS handshake
// inside its core and only logs a failure ("Handshake failed with fatal error ..."); this is the
// one place camd can see it, so those lines are counted as handshake failures instead of printed,
// and every other line goes to `forward` (camd's structured log).
//
// gRPC's hook (gpr_set_log_function) takes a plain function pointer with no context argument, so
// the active bridge is reached through a process-wide pointer: the one piece of global mutable
// state outside the metrics registry, forced by that C API. At most one bridge is active.
#ifndef CAM_TRANSPORT_GRPC_GRPC_LOG_BRIDGE_H_
#define CAM_TRANSPORT_GRPC_GRPC_LOG_BRIDGE_H_

#include <functional>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"

namespace cam::transport {

class HandshakeFailureTally;

enum class GrpcLogSeverity { kDebug, kInfo, kError };

class GrpcLogBridge {
 public:
  using Forward = std::function<void(GrpcLogSeverity severity, std::string_view message)>;

  // Install routes gRPC's log lines here until the bridge is destroyed. `tally` is not owned and
  // must outlive the bridge. Fails if another bridge is active.
  static absl::StatusOr<std::unique_ptr<GrpcLogBridge>> Install(HandshakeFailureTally* tally,
                                                                Forward forward);
  // Afterwards gRPC's lines go to stderr again.
  ~GrpcLogBridge();
  GrpcLogBridge(const GrpcLogBridge&) = delete;
  GrpcLogBridge& operator=(const GrpcLogBridge&) = delete;

  // Handle is what the gRPC hook calls; public for tests, which cannot make gRPC log at will.
  void Handle(GrpcLogSeverity severity, std::string_view message) const;

 private:
  GrpcLogBridge(HandshakeFailureTally* tally, Forward forward)
      : tally_(tally), forward_(std::move(forward)) {}

  HandshakeFailureTally* const tally_;
  const Forward forward_;
};

}  // namespace cam::transport

#endif  // CAM_TRANSPORT_GRPC_GRPC_LOG_BRIDGE_H_
