// File: transport/http/field_text.h
// SetFieldFromText: one query-string or path value into a scalar field of a request message,
// with the spellings of protobuf's JSON mapping (decimal integers, true/false, enum names or
// numbers, base64 or base64url bytes, UTF-8 strings).
#ifndef CAM_TRANSPORT_HTTP_FIELD_TEXT_H_
#define CAM_TRANSPORT_HTTP_FIELD_TEXT_H_

#include <string_view>

#include "absl/status/status.h"

namespace google::protobuf {
class FieldDescriptor;
class Message;
}  // namespace google::protobuf

namespace cam::transport::http {

// SetFieldFromText sets a singular scalar field, or appends to a repeated one. Message and map
// fields are refused. Failures are CAM_VALIDATION_MALFORMED_BODY naming the field.
absl::Status SetFieldFromText(google::protobuf::Message* message,
                              const google::protobuf::FieldDescriptor* field,
                              std::string_view text);

}  // namespace cam::transport::http

#endif  // CAM_TRANSPORT_HTTP_FIELD_TEXT_H_
