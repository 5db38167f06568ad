#include "transport/http/field_text.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "absl/strings/escaping.h"
#include "base/reasons.h"
#include "transport/http/text_decoding.h"

namespace cam::transport::http {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

absl::Status Malformed(const FieldDescriptor* field, std::string_view why) {
  return base::WithField(
      base::Error(base::Reason::kValidationMalformedBody,
                  "field " + std::string(field->name()) + ": " + std::string(why)),
      field->name());
}

template <typename Int>
bool ParseInt(std::string_view text, Int& out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out, 10);
  return ec == std::errc() && ptr == end;
}

bool ParseDouble(std::string_view text, double& out) {
  if (text == "NaN") {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (text == "Infinity" || text == "-Infinity") {
    out = text[0] == '-' ? -std::numeric_limits<double>::infinity()
                         : std::numeric_limits<double>::infinity();
    return true;
  }
  if (text.empty()) return false;
  // from_chars would also take "inf" and "nan"; only the JSON mapping's spellings are allowed.
  for (char c : text) {
    const bool ok =
        (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    if (!ok) return false;
  }
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

bool DecodeBase64(std::string_view text, std::string& out) {
  const absl::string_view in(text.data(), text.size());
  return absl::Base64Unescape(in, &out) || absl::WebSafeBase64Unescape(in, &out);
}

}  // namespace

absl::Status SetFieldFromText(Message* message, const FieldDescriptor* field,
                              std::string_view text) {
  const Reflection* r = message->GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t v;
      if (!ParseInt(text, v)) return Malformed(field, "not an int32");
      repeated ? r->AddInt32(message, field, v) : r->SetInt32(message, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t v;
      if (!ParseInt(text, v)) return Malformed(field, "not an int64");
      repeated ? r->AddInt64(message, field, v) : r->SetInt64(message, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t v;
      if (!ParseInt(text, v)) return Malformed(field, "not a uint32");
      repeated ? r->AddUInt32(message, field, v) : r->SetUInt32(message, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t v;
      if (!ParseInt(text, v)) return Malformed(field, "not a uint64");
      repeated ? r->AddUInt64(message, field, v) : r->SetUInt64(message, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double v;
      if (!ParseDouble(text, v)) return Malformed(field, "not a number");
      repeated ? r->AddDouble(message, field, v) : r->SetDouble(message, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double v;
      if (!ParseDouble(text, v)) return Malformed(field, "not a number");
      if (std::isfinite(v) && std::fabs(v) > std::numeric_limits<float>::max()) {
        return Malformed(field, "out of float range");
      }
      const float f = static_cast<float>(v);
      repeated ? r->AddFloat(message, field, f) : r->SetFloat(message, field, f);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool v;
      if (text == "true") {
        v = true;
      } else if (text == "false") {
        v = false;
      } else {
        return Malformed(field, "not true or false");
      }
      repeated ? r->AddBool(message, field, v) : r->SetBool(message, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const google::protobuf::EnumDescriptor* type = field->enum_type();
      const google::protobuf::EnumValueDescriptor* value = type->FindValueByName(std::string(text));
      int32_t number;
      if (value == nullptr && ParseInt(text, number)) value = type->FindValueByNumber(number);
      if (value == nullptr) return Malformed(field, "unknown enum value");
      repeated ? r->AddEnum(message, field, value) : r->SetEnum(message, field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string v;
      if (field->type() == FieldDescriptor::TYPE_BYTES) {
        if (!DecodeBase64(text, v)) return Malformed(field, "not base64");
      } else {
        if (!IsValidUtf8(text)) return Malformed(field, "not UTF-8");
        v = std::string(text);
      }
      repeated ? r->AddString(message, field, std::move(v))
               : r->SetString(message, field, std::move(v));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return Malformed(field, "message fields cannot be set from text");
}

}  // namespace cam::transport::http
