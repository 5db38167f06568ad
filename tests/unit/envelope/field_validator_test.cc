#include "envelope/validation/field_validator.h"

#include <gtest/gtest.h>

#include "base/reasons.h"
#include "cam/v1/memory.pb.h"
#include "tests/testing/status_matchers.h"

namespace cam::envelope {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;

v1::ContextWriteRequest ValidWrite() {
  v1::ContextWriteRequest request;
  request.set_namespace_("team-a");
  request.set_key("notes/today");
  request.set_value("hello");
  return request;
}

TEST(FieldValidatorTest, AcceptsValidRequest) {
  FieldValidator validator({});
  EXPECT_THAT(validator.Validate(ValidWrite()), IsOk());
}

TEST(FieldValidatorTest, ReportsReasonAndField) {
  FieldValidator validator({});
  auto request = ValidWrite();
  request.set_namespace_("Team A");
  absl::Status status = validator.Validate(request);
  EXPECT_THAT(status, HasReason("CAM_VALIDATION_NAMESPACE_PATTERN"));
  EXPECT_EQ(base::FieldOf(status), "namespace");

  request = ValidWrite();
  request.set_key("../etc/passwd");
  EXPECT_THAT(validator.Validate(request), HasReason("CAM_VALIDATION_KEY_PATTERN"));

  request = ValidWrite();
  request.clear_key();
  EXPECT_THAT(validator.Validate(request), HasReason("CAM_VALIDATION_REQUIRED"));
}

TEST(FieldValidatorTest, ValueLimitComesFromConfig) {
  FieldValidator validator({.max_value_bytes = 8});
  auto request = ValidWrite();
  request.set_value(std::string(8, 'x'));
  EXPECT_THAT(validator.Validate(request), IsOk());
  request.set_value(std::string(9, 'x'));
  absl::Status status = validator.Validate(request);
  EXPECT_THAT(status, HasReason("CAM_VALIDATION_VALUE_TOO_LARGE"));
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
}

TEST(FieldValidatorTest, MapLimits) {
  FieldValidator validator({});
  auto request = ValidWrite();
  for (int i = 0; i < 64; ++i) (*request.mutable_metadata())["k" + std::to_string(i)] = "v";
  EXPECT_THAT(validator.Validate(request), IsOk());
  (*request.mutable_metadata())["one-more"] = "v";
  EXPECT_THAT(validator.Validate(request), HasReason("CAM_VALIDATION_TOO_MANY_ITEMS"));

  request = ValidWrite();
  (*request.mutable_metadata())[std::string(129, 'k')] = "v";
  EXPECT_THAT(validator.Validate(request), HasReason("CAM_VALIDATION_FIELD_TOO_LONG"));
  request = ValidWrite();
  (*request.mutable_metadata())["k"] = std::string(513, 'v');
  EXPECT_THAT(validator.Validate(request), HasReason("CAM_VALIDATION_FIELD_TOO_LONG"));
}

TEST(FieldValidatorTest, IntegerRangesAndNestedMessages) {
  FieldValidator validator({});
  v1::ContextListRequest list;
  list.set_namespace_("team-a");
  list.set_page_size(1000);
  EXPECT_THAT(validator.Validate(list), IsOk());
  list.set_page_size(1001);
  EXPECT_THAT(validator.Validate(list), HasReason("CAM_VALIDATION_OUT_OF_RANGE"));
  list.set_page_size(-1);
  EXPECT_THAT(validator.Validate(list), HasReason("CAM_VALIDATION_OUT_OF_RANGE"));

  v1::NamespaceCreateRequest create;
  create.set_namespace_("team-a");
  create.mutable_quota()->set_max_bytes(-5);
  absl::Status status = validator.Validate(create);
  EXPECT_THAT(status, HasReason("CAM_VALIDATION_OUT_OF_RANGE"));
  EXPECT_EQ(base::FieldOf(status), "max_bytes");
}

TEST(FieldValidatorTest, UnknownEnumValueRefused) {
  FieldValidator validator({});
  v1::ContextDeleteRequest request;
  request.set_namespace_("team-a");
  request.set_key("k");
  request.set_mode(static_cast<v1::DeleteMode>(77));
  EXPECT_THAT(validator.Validate(request), HasReason("CAM_VALIDATION_OUT_OF_RANGE"));
}

}  // namespace
}  // namespace cam::envelope
