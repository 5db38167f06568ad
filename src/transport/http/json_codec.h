// File: transport/http/json_codec.h
// The gateway's JSON: request bodies parsed with protobuf's JSON mapping (unknown fields are an
// error), after a cheap pre-scan that bounds nesting depth and checks UTF-8; responses printed
// with the mapping's default lowerCamel names.
#ifndef CAM_TRANSPORT_HTTP_JSON_CODEC_H_
#define CAM_TRANSPORT_HTTP_JSON_CODEC_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace google::protobuf {
class Message;
}  // namespace google::protobuf

namespace cam::transport::http {

// Bodies nested deeper than this are refused before the parser sees them, so a hostile body
// cannot exhaust the stack.
inline constexpr int kMaxJsonDepth = 32;

// JsonDepthWithin reports whether the arrays and objects of `json` nest at most `max_depth`
// levels; brackets inside strings do not count.
bool JsonDepthWithin(std::string_view json, int max_depth);

// DecodeJsonBody fills `message` from `body`. An empty (or all-whitespace) body leaves the
// message empty. Failures are CAM_VALIDATION_MALFORMED_BODY.
absl::Status DecodeJsonBody(std::string_view body, google::protobuf::Message* message);

// EncodeJson prints `message` as JSON (lowerCamel names, default values omitted).
absl::StatusOr<std::string> EncodeJson(const google::protobuf::Message& message);

}  // namespace cam::transport::http

#endif  // CAM_TRANSPORT_HTTP_JSON_CODEC_H_
