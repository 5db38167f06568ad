#include "transport/error_mapping.h"

#include <nlohmann/json.hpp>

#include "base/reasons.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace cam::transport {

PublicError PublicErrorOf(const absl::Status& status) {
  const base::ReasonInfo& info = base::Describe(base::ReasonForStatus(status));
  return PublicError{.grpc_code = static_cast<int>(info.status_code),
                     .http_status = info.http_status,
                     .reason = std::string(info.code),
                     .message = std::string(info.public_message),
                     .field = base::FieldOf(status),
                     .retryable = info.retryable};
}

std::string HttpErrorBody(const PublicError& error, std::string_view request_id) {
  nlohmann::ordered_json body;
  body["error"]["code"] = error.http_status;
  body["error"]["reason"] = error.reason;
  body["error"]["message"] = error.message;
  body["error"]["request_id"] = std::string(request_id);
  if (!error.field.empty()) body["error"]["field"] = error.field;
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string GrpcStatusDetails(const PublicError& error, std::string_view request_id) {
  google::rpc::Status status;
  status.set_code(error.grpc_code);
  status.set_message(error.message);
  google::rpc::ErrorInfo info;
  info.set_reason(error.reason);
  info.set_domain("cam.dev");
  (*info.mutable_metadata())["request_id"] = std::string(request_id);
  if (!error.field.empty()) (*info.mutable_metadata())["field"] = error.field;
  status.add_details()->PackFrom(info);
  if (error.retryable) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(1);
    status.add_details()->PackFrom(retry);
  }
  return status.SerializeAsString();
}

}  // namespace cam::transport
