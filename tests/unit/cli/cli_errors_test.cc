#include "cli/cli_errors.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "base/reasons.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace cam::cli {
namespace {

// A grpc-status-details-bin payload as camd's transport builds it.
std::string Details(int code, const std::string& message, const std::string& reason,
                    const std::string& request_id, const std::string& field = "",
                    bool retry_first = false) {
  google::rpc::Status status;
  status.set_code(code);
  status.set_message(message);
  if (retry_first) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(1);
    status.add_details()->PackFrom(retry);
  }
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain("cam.dev");
  if (!request_id.empty()) (*info.mutable_metadata())["request_id"] = request_id;
  if (!field.empty()) (*info.mutable_metadata())["field"] = field;
  status.add_details()->PackFrom(info);
  return status.SerializeAsString();
}

TEST(CliErrorsTest, RefusalWithErrorInfoFormatsOneLine) {
  const std::string message = "the expected version does not match the current version";
  const CliError error =
      ErrorFromGrpc(grpc::StatusCode::ABORTED, message,
                    Details(grpc::StatusCode::ABORTED, message, "CAM_STORE_CAS_MISMATCH", "r-42"));
  EXPECT_TRUE(error.from_server);
  EXPECT_EQ(error.reason, "CAM_STORE_CAS_MISMATCH");
  EXPECT_EQ(error.request_id, "r-42");
  EXPECT_EQ(error.http_status, 409);
  EXPECT_EQ(ErrorLine(error), "Error: " + message + " (CAM_STORE_CAS_MISMATCH, request r-42)");
  EXPECT_EQ(ExitCodeFor(error), kExitRefused);
}

TEST(CliErrorsTest, ErrorInfoFoundAfterOtherDetails) {
  const CliError error = ErrorFromGrpc(
      grpc::StatusCode::RESOURCE_EXHAUSTED, "slow down",
      Details(grpc::StatusCode::RESOURCE_EXHAUSTED, "rate limit exceeded; retry later",
              "CAM_RATE_LIMITED", "r-7", "", /*retry_first=*/true));
  EXPECT_EQ(error.reason, "CAM_RATE_LIMITED");
  EXPECT_EQ(error.http_status, 429);
  // The message inside google.rpc.Status is the public one and wins.
  EXPECT_EQ(error.message, "rate limit exceeded; retry later");
}

TEST(CliErrorsTest, FieldIsShown) {
  const CliError error = ErrorFromGrpc(grpc::StatusCode::INVALID_ARGUMENT, "bad key",
                                       Details(grpc::StatusCode::INVALID_ARGUMENT, "bad key",
                                               "CAM_VALIDATION_KEY_PATTERN", "r-1", "key"));
  EXPECT_EQ(error.field, "key");
  EXPECT_EQ(ErrorLine(error),
            "Error: bad key (field key) (CAM_VALIDATION_KEY_PATTERN, request r-1)");
  const nlohmann::json json = nlohmann::json::parse(ErrorJson(error));
  EXPECT_EQ(json["error"]["field"], "key");
  EXPECT_EQ(json["error"]["code"], 400);
}

TEST(CliErrorsTest, JsonHasTheGatewayShape) {
  const CliError error = ErrorFromGrpc(
      grpc::StatusCode::NOT_FOUND, "the key was not found",
      Details(grpc::StatusCode::NOT_FOUND, "the key was not found", "CAM_STORE_NOT_FOUND", "r-9"));
  const nlohmann::json json = nlohmann::json::parse(ErrorJson(error));
  ASSERT_TRUE(json.contains("error"));
  EXPECT_EQ(json.size(), 1u);
  EXPECT_EQ(json["error"]["code"], 404);
  EXPECT_EQ(json["error"]["reason"], "CAM_STORE_NOT_FOUND");
  EXPECT_EQ(json["error"]["message"], "the key was not found");
  EXPECT_EQ(json["error"]["request_id"], "r-9");
  EXPECT_FALSE(json["error"].contains("field"));
}

TEST(CliErrorsTest, ConnectionFailureIsNoAnswer) {
  const CliError error =
      ErrorFromGrpc(grpc::StatusCode::UNAVAILABLE, "failed to connect to all addresses", "");
  EXPECT_FALSE(error.from_server);
  EXPECT_EQ(ExitCodeFor(error), kExitNoAnswer);
  EXPECT_EQ(error.http_status, 503);
  EXPECT_EQ(ErrorLine(error), "Error: failed to connect to all addresses (UNAVAILABLE)");
}

TEST(CliErrorsTest, ClientDeadlineIsNoAnswerButServerDeadlineIsRefusal) {
  EXPECT_EQ(
      ExitCodeFor(ErrorFromGrpc(grpc::StatusCode::DEADLINE_EXCEEDED, "Deadline Exceeded", "")),
      kExitNoAnswer);
  const CliError server = ErrorFromGrpc(
      grpc::StatusCode::DEADLINE_EXCEEDED, "late",
      Details(grpc::StatusCode::DEADLINE_EXCEEDED, "late", "CAM_DEADLINE_EXCEEDED", "r-2"));
  EXPECT_EQ(ExitCodeFor(server), kExitRefused);
  EXPECT_EQ(server.http_status, 504);
}

TEST(CliErrorsTest, ServerUnavailableWithReasonIsRefusal) {
  const CliError error = ErrorFromGrpc(
      grpc::StatusCode::UNAVAILABLE, "draining",
      Details(grpc::StatusCode::UNAVAILABLE, "draining", "CAM_SERVER_DRAINING", "r-3"));
  EXPECT_EQ(ExitCodeFor(error), kExitRefused);
}

TEST(CliErrorsTest, StatusWithoutDetailsFromServerIsRefusal) {
  const CliError error = ErrorFromGrpc(grpc::StatusCode::UNIMPLEMENTED, "", "");
  EXPECT_TRUE(error.from_server);
  EXPECT_EQ(ExitCodeFor(error), kExitRefused);
  EXPECT_EQ(error.http_status, 501);
  EXPECT_EQ(ErrorLine(error), "Error: UNIMPLEMENTED (UNIMPLEMENTED)");
}

TEST(CliErrorsTest, MalformedDetailsFallBackToStatus) {
  const CliError error = ErrorFromGrpc(grpc::StatusCode::PERMISSION_DENIED, "denied",
                                       std::string("\xff\x01garbage", 9));
  EXPECT_EQ(error.reason, "");
  EXPECT_EQ(error.message, "denied");
  EXPECT_EQ(error.http_status, 403);
  EXPECT_EQ(ExitCodeFor(error), kExitRefused);
}

TEST(CliErrorsTest, HttpStatusFollowsTheReasonTable) {
  for (const base::ReasonInfo& info : base::AllReasons()) {
    EXPECT_EQ(HttpStatusFor(info.code, static_cast<int>(info.status_code)), info.http_status)
        << info.code;
  }
  EXPECT_EQ(HttpStatusFor("", grpc::StatusCode::UNAUTHENTICATED), 401);
  EXPECT_EQ(HttpStatusFor("CAM_NO_SUCH_REASON", grpc::StatusCode::ALREADY_EXISTS), 409);
  // No reason in the table has OUT_OF_RANGE or UNKNOWN: the server's fallback is internal.
  EXPECT_EQ(HttpStatusFor("", grpc::StatusCode::OUT_OF_RANGE), 500);
  EXPECT_EQ(HttpStatusFor("", grpc::StatusCode::UNKNOWN), 500);
}

TEST(CliErrorsTest, LocalErrorIsNoAnswer) {
  const CliError error = LocalError("cannot read --file \"x\": No such file or directory");
  EXPECT_EQ(ExitCodeFor(error), kExitNoAnswer);
  EXPECT_EQ(ErrorLine(error), "Error: cannot read --file \"x\": No such file or directory");
  const nlohmann::json json = nlohmann::json::parse(ErrorJson(error));
  EXPECT_EQ(json["error"]["code"], 0);
  EXPECT_EQ(json["error"]["reason"], "");
}

TEST(CliErrorsTest, CodeNames) {
  EXPECT_EQ(GrpcCodeName(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
  EXPECT_EQ(GrpcCodeName(grpc::StatusCode::ABORTED), "ABORTED");
  EXPECT_EQ(GrpcCodeName(99), "CODE_99");
}

}  // namespace
}  // namespace cam::cli
