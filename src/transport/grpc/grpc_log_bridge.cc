#include "transport/grpc/grpc_log_bridge.h"

#include <grpc/support/log.h>

#include <cstdio>
#include <utility>

#include "absl/base/attributes.h"
#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "transport/tls/handshake_failures.h"

namespace cam::transport {
namespace {

// How gRPC's TLS layer (tsi) reports a server-side handshake that OpenSSL refused.
constexpr std::string_view kHandshakeFailed = "Handshake failed with fatal error";

// Constant-initialized, so a gRPC thread that logs during process exit still finds it usable.
ABSL_CONST_INIT absl::Mutex bridge_mutex(absl::kConstInit);
// Readers hold bridge_mutex shared while they use the bridge, so destroying the bridge waits for
// the lines being handled.
const GrpcLogBridge* active_bridge ABSL_GUARDED_BY(bridge_mutex) = nullptr;

GrpcLogSeverity SeverityOf(gpr_log_severity severity) {
  switch (severity) {
    case GPR_LOG_SEVERITY_DEBUG:
      return GrpcLogSeverity::kDebug;
    case GPR_LOG_SEVERITY_INFO:
      return GrpcLogSeverity::kInfo;
    case GPR_LOG_SEVERITY_ERROR:
      break;
  }
  return GrpcLogSeverity::kError;
}

void LogToBridge(gpr_log_func_args* args) {
  const std::string_view message = args->message != nullptr ? args->message : "";
  absl::ReaderMutexLock lock(&bridge_mutex);
  if (active_bridge != nullptr) {
    active_bridge->Handle(SeverityOf(args->severity), message);
    return;
  }
  (void)std::fprintf(stderr, "grpc %s %s:%d] %.*s\n", gpr_log_severity_string(args->severity),
                     args->file != nullptr ? args->file : "?", args->line,
                     static_cast<int>(message.size()), message.data());
}

}  // namespace

absl::StatusOr<std::unique_ptr<GrpcLogBridge>> GrpcLogBridge::Install(HandshakeFailureTally* tally,
                                                                      Forward forward) {
  std::unique_ptr<GrpcLogBridge> bridge(new GrpcLogBridge(tally, std::move(forward)));
  {
    absl::WriterMutexLock lock(&bridge_mutex);
    if (active_bridge != nullptr) {
      return absl::FailedPreconditionError("a gRPC log bridge is already installed");
    }
    active_bridge = bridge.get();
  }
  gpr_set_log_function(LogToBridge);
  return bridge;
}

GrpcLogBridge::~GrpcLogBridge() {
  absl::WriterMutexLock lock(&bridge_mutex);
  if (active_bridge == this) active_bridge = nullptr;
}

void GrpcLogBridge::Handle(GrpcLogSeverity severity, std::string_view message) const {
  if (message.substr(0, kHandshakeFailed.size()) == kHandshakeFailed && tally_ != nullptr) {
    // gRPC does not tell the peer's address here; the summary says so with no sources.
    tally_->Record("grpc", ClassifyOpenSslErrorText(message), "");
    return;
  }
  if (forward_) forward_(severity, message);
}

}  // namespace cam::transport
