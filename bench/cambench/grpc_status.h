// File: bench/cambench/grpc_status.h
// ToAbsl: a grpc::Status as an absl::Status (same canonical code, same message), so targets
// report errors in one type.
#ifndef CAM_CAMBENCH_GRPC_STATUS_H_
#define CAM_CAMBENCH_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"

namespace cam::bench {

inline absl::Status ToAbsl(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

}  // namespace cam::bench

#endif  // CAM_CAMBENCH_GRPC_STATUS_H_
