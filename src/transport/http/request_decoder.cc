#include "transport/http/request_decoder.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <optional>
#include <set>

#include "base/reasons.h"
#include "transport/http/field_text.h"
#include "transport/http/json_codec.h"
#include "transport/http/text_decoding.h"

namespace cam::transport::http {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

absl::Status Malformed(std::string_view why) {
  return base::Error(base::Reason::kValidationMalformedBody, why);
}

const FieldDescriptor* FindField(const google::protobuf::Descriptor* type, std::string_view name) {
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (field->name() == name || field->json_name() == name) return field;
  }
  return nullptr;
}

}  // namespace

absl::Status DecodeQuery(std::string_view query, Message* message) {
  const google::protobuf::Descriptor* type = message->GetDescriptor();
  std::set<const FieldDescriptor*> seen;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::optional<std::string> name = PercentDecode(pair.substr(0, eq));
    std::optional<std::string> value =
        PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!name.has_value() || !value.has_value()) {
      return Malformed("query: invalid percent-encoding");
    }
    const FieldDescriptor* field = FindField(type, *name);
    if (field == nullptr) return Malformed("query: unknown parameter");
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE || field->is_map()) {
      return base::WithField(Malformed("query: message field"), field->name());
    }
    if (!seen.insert(field).second && !field->is_repeated()) {
      return base::WithField(Malformed("query: singular parameter repeated"), field->name());
    }
    if (const google::protobuf::OneofDescriptor* oneof = field->containing_oneof();
        oneof != nullptr && !field->is_repeated() &&
        message->GetReflection()->HasOneof(*message, oneof)) {
      return base::WithField(Malformed("query: two members of one oneof"), field->name());
    }
    absl::Status status = SetFieldFromText(message, field, *value);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status ApplyPathBindings(const PathBindings& bindings, Message* message) {
  const google::protobuf::Reflection* r = message->GetReflection();
  for (const auto& [field, value] : bindings) {
    if (field->containing_type() != message->GetDescriptor() || field->is_repeated() ||
        field->type() != FieldDescriptor::TYPE_STRING) {
      return base::Error(base::Reason::kInternal, "path binding does not fit the request");
    }
    if (!IsValidUtf8(value)) {
      return base::WithField(Malformed("path: not UTF-8"), field->name());
    }
    if (r->HasField(*message, field) && r->GetString(*message, field) != value) {
      return base::WithField(Malformed("path and request disagree"), field->name());
    }
    r->SetString(message, field, value);
  }
  return absl::OkStatus();
}

absl::Status DecodeRequest(std::string_view http_method, const PathBindings& bindings,
                           std::string_view query, std::string_view body, Message* message) {
  absl::Status status;
  if (http_method == "GET" || http_method == "DELETE") {
    if (!body.empty()) return Malformed("GET and DELETE take no body");
    status = DecodeQuery(query, message);
  } else {
    if (!query.empty()) return Malformed("fields of this method go in the JSON body");
    status = DecodeJsonBody(body, message);
  }
  if (!status.ok()) return status;
  return ApplyPathBindings(bindings, message);
}

}  // namespace cam::transport::http
