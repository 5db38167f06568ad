// File: tests/testing/status_matchers.h
// GoogleTest matchers for absl::Status / StatusOr and camd reason codes, modelled on Abseil's
// later status_matchers.h (not in Debian's Abseil).
#ifndef CAM_TESTS_TESTING_STATUS_MATCHERS_H_
#define CAM_TESTS_TESTING_STATUS_MATCHERS_H_

#include <gmock/gmock.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace cam::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

// The reason code (CAM_...) carried by a status, or "" if none.
std::string ReasonCodeOf(const absl::Status& status);

MATCHER(IsOk, "is OK") {
  const absl::Status& s = ::cam::testing::GetStatus(arg);
  if (!s.ok()) *result_listener << "status: " << s.ToString();
  return s.ok();
}

MATCHER_P(StatusIs, code, "has status code " + ::testing::PrintToString(code)) {
  const absl::Status& s = ::cam::testing::GetStatus(arg);
  *result_listener << "status: " << s.ToString();
  return s.code() == code;
}

// HasReason("CAM_STORE_CAS_MISMATCH") matches a Status or StatusOr carrying that reason.
MATCHER_P(HasReason, reason_code, std::string("has reason ") + reason_code) {
  const absl::Status& s = ::cam::testing::GetStatus(arg);
  *result_listener << "status: " << s.ToString();
  return ::cam::testing::ReasonCodeOf(s) == reason_code;
}

}  // namespace cam::testing

#define CAM_ASSERT_OK(expr) ASSERT_THAT((expr), ::cam::testing::IsOk())
#define CAM_EXPECT_OK(expr) EXPECT_THAT((expr), ::cam::testing::IsOk())

// CAM_ASSERT_OK_AND_ASSIGN(lhs, expr) asserts a StatusOr is OK and moves its value into lhs.
#define CAM_ASSERT_OK_AND_ASSIGN(lhs, expr) \
  CAM_ASSERT_OK_AND_ASSIGN_IMPL_(CAM_TEST_CONCAT_(cam_test_statusor_, __LINE__), lhs, expr)
#define CAM_TEST_CONCAT_INNER_(a, b) a##b
#define CAM_TEST_CONCAT_(a, b) CAM_TEST_CONCAT_INNER_(a, b)
#define CAM_ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                   \
  ASSERT_THAT(statusor.status(), ::cam::testing::IsOk());   \
  lhs = *std::move(statusor)

#endif  // CAM_TESTS_TESTING_STATUS_MATCHERS_H_
