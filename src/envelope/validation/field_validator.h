// File: envelope/validation/field_validator.h
// FieldValidator checks a request message against the (cam.v1.rules) options on its fields,
// recursively, so every limit is written once, in the proto.
#ifndef CAM_ENVELOPE_VALIDATION_FIELD_VALIDATOR_H_
#define CAM_ENVELOPE_VALIDATION_FIELD_VALIDATOR_H_

#include <cstddef>

#include "absl/status/status.h"
#include "envelope/validation/name_rules.h"

namespace google::protobuf {
class Message;
}  // namespace google::protobuf

namespace cam::envelope {

struct ValidationConfig {
  NameLimits names;
  // Largest value a `value_limit` bytes field may hold. Default 1 MiB; at most 64 MiB.
  size_t max_value_bytes = 1 << 20;
  // Nesting depth past which a message is refused rather than walked.
  int max_depth = 16;
};

class FieldValidator {
 public:
  explicit FieldValidator(ValidationConfig config) : config_(config) {}

  // Validate returns OK or the first violation as a reason-coded status naming the field
  // (base::WithField), e.g. CAM_VALIDATION_KEY_PATTERN for field "key".
  absl::Status Validate(const google::protobuf::Message& message) const;

  const ValidationConfig& config() const { return config_; }

 private:
  absl::Status ValidateMessage(const google::protobuf::Message& message, int depth) const;

  ValidationConfig config_;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_VALIDATION_FIELD_VALIDATOR_H_
