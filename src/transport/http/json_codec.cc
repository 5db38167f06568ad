#include "transport/http/json_codec.h"

#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include "base/reasons.h"
#include "transport/http/text_decoding.h"

namespace cam::transport::http {

bool JsonDepthWithin(std::string_view json, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : json) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '{':
      case '[':
        if (++depth > max_depth) return false;
        break;
      case '}':
      case ']':
        --depth;  // unbalanced input is the parser's to reject
        break;
      default:
        break;
    }
  }
  return true;
}

absl::Status DecodeJsonBody(std::string_view body, google::protobuf::Message* message) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    message->Clear();
    return absl::OkStatus();
  }
  if (!IsValidUtf8(body)) {
    return base::Error(base::Reason::kValidationMalformedBody, "body is not UTF-8");
  }
  if (!JsonDepthWithin(body, kMaxJsonDepth)) {
    return base::Error(base::Reason::kValidationMalformedBody, "JSON nested too deeply");
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status =
      google::protobuf::util::JsonStringToMessage(std::string(body), message, options);
  if (!status.ok()) {
    return base::Error(base::Reason::kValidationMalformedBody,
                       "JSON: " + std::string(status.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> EncodeJson(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  const auto status = google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!status.ok()) {
    return base::Error(base::Reason::kInternal, "JSON print: " + std::string(status.message()));
  }
  return out;
}

}  // namespace cam::transport::http
