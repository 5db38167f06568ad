#include "envelope/validation/field_validator.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/reflection.h>

#include <string>

#include "base/reasons.h"
#include "base/status_macros.h"
#include "cam/v1/options.pb.h"

namespace cam::envelope {
namespace {

using base::Reason;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

absl::Status Violation(Reason reason, const FieldDescriptor* field) {
  return base::WithField(base::Error(reason, "field " + field->name()), field->name());
}

absl::Status CheckPattern(cam::v1::Pattern pattern, const std::string& value,
                          const FieldDescriptor* field, const NameLimits& limits) {
  // An empty optional field is allowed; `required` is checked separately.
  if (value.empty()) return absl::OkStatus();
  switch (pattern) {
    case cam::v1::PATTERN_NAMESPACE:
      if (!IsValidNamespace(value, limits))
        return Violation(Reason::kValidationNamespacePattern, field);
      break;
    case cam::v1::PATTERN_KEY:
      if (!IsValidKey(value, limits)) return Violation(Reason::kValidationKeyPattern, field);
      break;
    case cam::v1::PATTERN_KEY_PREFIX:
      if (!IsValidKeyPrefix(value, limits)) return Violation(Reason::kValidationKeyPattern, field);
      break;
    case cam::v1::PATTERN_AGENT_ID:
      if (!IsValidAgentId(value, limits))
        return Violation(Reason::kValidationAgentIdPattern, field);
      break;
    case cam::v1::PATTERN_IDENTIFIER:
      if (!IsValidIdentifier(value, limits)) return Violation(Reason::kValidationPattern, field);
      break;
    default:
      break;
  }
  return absl::OkStatus();
}

absl::Status CheckInteger(int64_t value, const cam::v1::FieldRules& rules,
                          const FieldDescriptor* field) {
  if (rules.min() < rules.max() && (value < rules.min() || value > rules.max())) {
    return Violation(Reason::kValidationOutOfRange, field);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status FieldValidator::Validate(const Message& message) const {
  return ValidateMessage(message, 0);
}

absl::Status FieldValidator::ValidateMessage(const Message& message, int depth) const {
  if (depth > config_.max_depth) {
    return base::Error(Reason::kValidationMalformedBody, "message nested too deeply");
  }
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  const Reflection* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    const cam::v1::FieldRules& rules = field->options().GetExtension(cam::v1::rules);

    if (field->is_map()) {
      const int size = reflection->FieldSize(message, field);
      if (rules.required() && size == 0) return Violation(Reason::kValidationRequired, field);
      if (rules.max_items() > 0 && static_cast<uint32_t>(size) > rules.max_items()) {
        return Violation(Reason::kValidationTooManyItems, field);
      }
      const FieldDescriptor* key_field = field->message_type()->map_key();
      const FieldDescriptor* value_field = field->message_type()->map_value();
      for (int j = 0; j < size; ++j) {
        const Message& entry = reflection->GetRepeatedMessage(message, field, j);
        const Reflection* entry_reflection = entry.GetReflection();
        if (key_field->cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
            rules.map_key_max_len() > 0 &&
            entry_reflection->GetString(entry, key_field).size() > rules.map_key_max_len()) {
          return Violation(Reason::kValidationFieldTooLong, field);
        }
        if (value_field->cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
            rules.map_value_max_len() > 0 &&
            entry_reflection->GetString(entry, value_field).size() > rules.map_value_max_len()) {
          return Violation(Reason::kValidationFieldTooLong, field);
        }
        if (value_field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          CAM_RETURN_IF_ERROR(
              ValidateMessage(entry_reflection->GetMessage(entry, value_field), depth + 1));
        }
      }
      continue;
    }

    if (field->is_repeated()) {
      const int size = reflection->FieldSize(message, field);
      if (rules.required() && size == 0) return Violation(Reason::kValidationRequired, field);
      const uint32_t max_items = rules.max_items() > 0 ? rules.max_items() : 0;
      if (max_items > 0 && static_cast<uint32_t>(size) > max_items) {
        return Violation(Reason::kValidationTooManyItems, field);
      }
      for (int j = 0; j < size; ++j) {
        switch (field->cpp_type()) {
          case FieldDescriptor::CPPTYPE_STRING: {
            const std::string value = reflection->GetRepeatedString(message, field, j);
            if (rules.max_len() > 0 && value.size() > rules.max_len()) {
              return Violation(Reason::kValidationFieldTooLong, field);
            }
            CAM_RETURN_IF_ERROR(CheckPattern(rules.pattern(), value, field, config_.names));
            break;
          }
          case FieldDescriptor::CPPTYPE_MESSAGE:
            CAM_RETURN_IF_ERROR(
                ValidateMessage(reflection->GetRepeatedMessage(message, field, j), depth + 1));
            break;
          case FieldDescriptor::CPPTYPE_INT64:
            CAM_RETURN_IF_ERROR(
                CheckInteger(reflection->GetRepeatedInt64(message, field, j), rules, field));
            break;
          case FieldDescriptor::CPPTYPE_INT32:
            CAM_RETURN_IF_ERROR(
                CheckInteger(reflection->GetRepeatedInt32(message, field, j), rules, field));
            break;
          default:
            break;
        }
      }
      continue;
    }

    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string scratch;
        const std::string& value = reflection->GetStringReference(message, field, &scratch);
        if (rules.required() && value.empty()) return Violation(Reason::kValidationRequired, field);
        if (field->type() == FieldDescriptor::TYPE_BYTES && rules.value_limit() &&
            value.size() > config_.max_value_bytes) {
          return Violation(Reason::kValidationValueTooLarge, field);
        }
        if (rules.max_len() > 0 && value.size() > rules.max_len()) {
          return Violation(Reason::kValidationFieldTooLong, field);
        }
        if (field->type() == FieldDescriptor::TYPE_STRING) {
          CAM_RETURN_IF_ERROR(CheckPattern(rules.pattern(), value, field, config_.names));
        }
        break;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (reflection->HasField(message, field)) {
          CAM_RETURN_IF_ERROR(ValidateMessage(reflection->GetMessage(message, field), depth + 1));
        } else if (rules.required()) {
          return Violation(Reason::kValidationRequired, field);
        }
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        CAM_RETURN_IF_ERROR(CheckInteger(reflection->GetInt64(message, field), rules, field));
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        CAM_RETURN_IF_ERROR(CheckInteger(reflection->GetInt32(message, field), rules, field));
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        CAM_RETURN_IF_ERROR(CheckInteger(reflection->GetUInt32(message, field), rules, field));
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        // Unknown enum numbers (open enums in proto3) are refused: a handler never sees them.
        if (field->enum_type()->FindValueByNumber(reflection->GetEnumValue(message, field)) ==
            nullptr) {
          return Violation(Reason::kValidationOutOfRange, field);
        }
        break;
      default:
        break;
    }
  }
  return absl::OkStatus();
}

}  // namespace cam::envelope
