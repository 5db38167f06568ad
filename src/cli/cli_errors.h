// File: cli/cli_errors.h
// How camctl reports a failure: CliError (what went wrong, who said so), built from a gRPC status
// and its google.rpc.Status trailer or from a local problem; the one-line and JSON renderings; and
// the exit code each failure means (0 success, 1 camd refused, 2 no answer could be had).
#ifndef CAM_CLI_CLI_ERRORS_H_
#define CAM_CLI_CLI_ERRORS_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace grpc {
class ClientContext;
class Status;
}  // namespace grpc

namespace cam::cli {

// Exit codes, fixed by the camctl contract (STYLE.md, "For camd, concretely").
inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;   // camd answered, and the answer is no.
inline constexpr int kExitNoAnswer = 2;  // usage error, local I/O, or transport failure.

struct CliError {
  // True when camd itself answered (the status came from the server, not from the transport or
  // from camctl). Decides the exit code.
  bool from_server = false;
  int grpc_code = 0;       // grpc::StatusCode; 0 for a purely local error.
  int http_status = 0;     // as the HTTP gateway would answer; 0 for a purely local error.
  std::string reason;      // CAM_... from ErrorInfo; empty when camd gave none.
  std::string message;     // public message (never internals).
  std::string request_id;  // ErrorInfo metadata "request_id"; empty when unknown.
  std::string field;       // ErrorInfo metadata "field"; empty when unknown.
};

// LocalError describes a failure before or without any answer from camd (usage, files, flags).
CliError LocalError(std::string message);

// LocalErrorFromStatus is LocalError for a local status (offline commands): its message, and the
// reason and field it carries when it has them.
CliError LocalErrorFromStatus(const absl::Status& status);

// ErrorFromGrpc builds a CliError from the code and message of a non-OK gRPC status and the bytes
// of its grpc-status-details-bin trailer (a serialized google.rpc.Status; may be empty or
// malformed, in which case only code and message are used). A status without details and with
// code UNAVAILABLE, DEADLINE_EXCEEDED or CANCELLED is a transport failure (no answer); anything
// else was an answer from the server.
CliError ErrorFromGrpc(int grpc_code, std::string_view message, std::string_view details_bin);

// ErrorFromCall does the same for a finished call, reading the details from the status or, when
// gRPC did not surface them there, from the context's trailing metadata.
CliError ErrorFromCall(const grpc::Status& status, const grpc::ClientContext& context);

// HttpStatusFor returns the HTTP status camd's reason table gives `reason`; for an unknown or
// empty reason, the status the table gives the first reason with `grpc_code` (the server's own
// code-to-reason fallback), and 500 when no reason has that code.
int HttpStatusFor(std::string_view reason, int grpc_code);

// GrpcCodeName returns "UNAVAILABLE" etc. for a grpc::StatusCode value.
std::string GrpcCodeName(int grpc_code);

// ExitCodeFor maps an error to kExitRefused or kExitNoAnswer.
int ExitCodeFor(const CliError& error);

// ErrorLine returns `Error: <message> (<REASON_CODE>, request <id>)`, without a newline. Parts
// camd did not send are left out; a transport failure shows the gRPC code name instead of a
// reason.
std::string ErrorLine(const CliError& error);

// ErrorJson returns {"error":{"code":<http status>,"reason":...,"message":...,"request_id":...}}
// (plus "field" when known), the body camd's HTTP gateway sends, without a newline.
std::string ErrorJson(const CliError& error);

}  // namespace cam::cli

#endif  // CAM_CLI_CLI_ERRORS_H_
