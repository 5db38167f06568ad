// File: transport/error_mapping.h
// How a sanitized envelope status is presented on each transport: the reason table decides the
// gRPC code, HTTP status, reason and message; the request id travels with every error.
#ifndef CAM_TRANSPORT_ERROR_MAPPING_H_
#define CAM_TRANSPORT_ERROR_MAPPING_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace cam::transport {

struct PublicError {
  int grpc_code = 0;
  int http_status = 200;
  std::string reason;   // CAM_...
  std::string message;  // the reason table's public message
  std::string field;    // the offending request field, if any
  bool retryable = false;
};

// PublicErrorOf describes a non-OK, sanitized status.
PublicError PublicErrorOf(const absl::Status& status);

// HttpErrorBody returns {"error":{"code","reason","message","request_id"}} (plus "field" when
// known); "code" is the HTTP status.
std::string HttpErrorBody(const PublicError& error, std::string_view request_id);

// GrpcStatusDetails returns a serialized google.rpc.Status carrying an ErrorInfo (reason, domain
// "cam.dev", metadata request_id and field) and, for retryable reasons, a RetryInfo; for the
// grpc-status-details-bin trailer.
std::string GrpcStatusDetails(const PublicError& error, std::string_view request_id);

}  // namespace cam::transport

#endif  // CAM_TRANSPORT_ERROR_MAPPING_H_
