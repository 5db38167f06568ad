// File: transport/http/request_decoder.h
// DecodeRequest: builds a request message from the three places an HTTP call carries fields.
// GET and DELETE take fields from the query string and must have no body; PUT, POST and PATCH
// take them from the JSON body and must have no query string. Path bindings are applied last;
// a body or query value for a path-bound field is accepted only if it equals the path's value
// (so clients may send the full message), otherwise the request is refused.
#ifndef CAM_TRANSPORT_HTTP_REQUEST_DECODER_H_
#define CAM_TRANSPORT_HTTP_REQUEST_DECODER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace google::protobuf {
class FieldDescriptor;
class Message;
}  // namespace google::protobuf

namespace cam::transport::http {

using PathBindings = std::vector<std::pair<const google::protobuf::FieldDescriptor*, std::string>>;

// DecodeQuery fills top-level scalar fields of `message` from "a=1&b=x&b=y": names are a
// field's JSON name or proto name, values are percent-decoded ('+' is literal), a repeated
// field takes one value per occurrence, a singular field may appear once, an unknown name is an
// error. Failures are CAM_VALIDATION_MALFORMED_BODY.
absl::Status DecodeQuery(std::string_view query, google::protobuf::Message* message);

// ApplyPathBindings sets each bound string field; see the header comment for conflicts.
absl::Status ApplyPathBindings(const PathBindings& bindings, google::protobuf::Message* message);

// DecodeRequest fills `message` for an HTTP call of `http_method`.
absl::Status DecodeRequest(std::string_view http_method, const PathBindings& bindings,
                           std::string_view query, std::string_view body,
                           google::protobuf::Message* message);

}  // namespace cam::transport::http

#endif  // CAM_TRANSPORT_HTTP_REQUEST_DECODER_H_
