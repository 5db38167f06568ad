#include "cli/cli_errors.h"

#include <grpcpp/grpcpp.h>

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

#include "base/reasons.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace cam::cli {
namespace {

constexpr std::string_view kDetailsTrailer = "grpc-status-details-bin";

// Fills reason, request id, field and message from a serialized google.rpc.Status. Returns true
// when it held an ErrorInfo, i.e. camd (not a proxy or the gRPC library) produced the error.
bool ParseDetails(std::string_view details_bin, CliError& error) {
  if (details_bin.empty()) return false;
  google::rpc::Status status;
  if (!status.ParseFromArray(details_bin.data(), static_cast<int>(details_bin.size()))) {
    return false;
  }
  bool found = false;
  for (const google::protobuf::Any& any : status.details()) {
    google::rpc::ErrorInfo info;
    if (!any.Is<google::rpc::ErrorInfo>() || !any.UnpackTo(&info)) continue;
    error.reason = info.reason();
    if (auto it = info.metadata().find("request_id"); it != info.metadata().end()) {
      error.request_id = it->second;
    }
    if (auto it = info.metadata().find("field"); it != info.metadata().end()) {
      error.field = it->second;
    }
    found = true;
    break;
  }
  if (!status.message().empty()) error.message = status.message();
  return found;
}

}  // namespace

CliError LocalError(std::string message) {
  CliError error;
  error.message = std::move(message);
  return error;
}

CliError LocalErrorFromStatus(const absl::Status& status) {
  CliError error = LocalError(std::string(status.message()));
  if (const std::optional<base::Reason> reason = base::ReasonOf(status); reason.has_value()) {
    error.reason = std::string(base::Describe(*reason).code);
  }
  error.field = base::FieldOf(status);
  return error;
}

CliError ErrorFromGrpc(int grpc_code, std::string_view message, std::string_view details_bin) {
  CliError error;
  error.grpc_code = grpc_code;
  error.message = std::string(message);
  const bool has_info = ParseDetails(details_bin, error);
  const bool transport_failure = !has_info && (grpc_code == grpc::StatusCode::UNAVAILABLE ||
                                               grpc_code == grpc::StatusCode::DEADLINE_EXCEEDED ||
                                               grpc_code == grpc::StatusCode::CANCELLED);
  error.from_server = !transport_failure;
  error.http_status = HttpStatusFor(error.reason, grpc_code);
  if (error.message.empty()) error.message = GrpcCodeName(grpc_code);
  return error;
}

CliError ErrorFromCall(const grpc::Status& status, const grpc::ClientContext& context) {
  std::string details = status.error_details();
  if (details.empty()) {
    const auto& trailers = context.GetServerTrailingMetadata();
    if (auto it = trailers.find(grpc::string_ref(kDetailsTrailer.data(), kDetailsTrailer.size()));
        it != trailers.end()) {
      details.assign(it->second.data(), it->second.size());
    }
  }
  return ErrorFromGrpc(static_cast<int>(status.error_code()), status.error_message(), details);
}

int HttpStatusFor(std::string_view reason, int grpc_code) {
  const auto reasons = base::AllReasons();
  if (!reason.empty()) {
    for (const base::ReasonInfo& info : reasons) {
      if (info.code == reason) return info.http_status;
    }
  }
  for (const base::ReasonInfo& info : reasons) {
    if (static_cast<int>(info.status_code) == grpc_code) return info.http_status;
  }
  return base::Describe(base::Reason::kInternal).http_status;
}

std::string GrpcCodeName(int grpc_code) {
  static constexpr std::array<std::string_view, 17> kNames = {
      "OK",
      "CANCELLED",
      "UNKNOWN",
      "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED",
      "NOT_FOUND",
      "ALREADY_EXISTS",
      "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION",
      "ABORTED",
      "OUT_OF_RANGE",
      "UNIMPLEMENTED",
      "INTERNAL",
      "UNAVAILABLE",
      "DATA_LOSS",
      "UNAUTHENTICATED",
  };
  if (grpc_code >= 0 && static_cast<size_t>(grpc_code) < kNames.size()) {
    return std::string(kNames[static_cast<size_t>(grpc_code)]);
  }
  return "CODE_" + std::to_string(grpc_code);
}

int ExitCodeFor(const CliError& error) { return error.from_server ? kExitRefused : kExitNoAnswer; }

std::string ErrorLine(const CliError& error) {
  std::string line = "Error: " + error.message;
  if (!error.field.empty()) line += " (field " + error.field + ")";
  std::string tag;
  if (!error.reason.empty()) {
    tag = error.reason;
  } else if (error.grpc_code != 0) {
    tag = GrpcCodeName(error.grpc_code);
  }
  if (!error.request_id.empty()) {
    tag += (tag.empty() ? "" : ", ") + std::string("request ") + error.request_id;
  }
  if (!tag.empty()) line += " (" + tag + ")";
  return line;
}

std::string ErrorJson(const CliError& error) {
  nlohmann::ordered_json body;
  body["error"]["code"] = error.http_status;
  body["error"]["reason"] = error.reason;
  body["error"]["message"] = error.message;
  body["error"]["request_id"] = error.request_id;
  if (!error.field.empty()) body["error"]["field"] = error.field;
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace cam::cli
