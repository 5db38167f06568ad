#include "envelope/stages/sanitize_stage.h"

#include <gtest/gtest.h>

#include "base/reasons.h"
#include "tests/testing/status_matchers.h"

namespace cam::envelope {
namespace {

using ::cam::testing::HasReason;

TEST(SanitizeStageTest, ReplacesInternalDetailWithPublicMessage) {
  std::string logged_id, logged_reason, logged_detail;
  SanitizeStage stage([&](std::string_view id, std::string_view reason, std::string_view detail) {
    logged_id = id;
    logged_reason = reason;
    logged_detail = detail;
  });
  Call call;
  call.request_id = "req-1";
  absl::Status status =
      base::Error(base::Reason::kStoreUnavailable, "IO error: /var/lib/camd/db/000123.log");
  stage.OnResponse(call, status);
  EXPECT_THAT(status, HasReason("CAM_STORE_UNAVAILABLE"));
  EXPECT_EQ(std::string(status.message()), "storage is temporarily unavailable");
  EXPECT_EQ(call.outcome_reason, "CAM_STORE_UNAVAILABLE");
  EXPECT_EQ(logged_id, "req-1");
  EXPECT_EQ(logged_reason, "CAM_STORE_UNAVAILABLE");
  EXPECT_NE(logged_detail.find("/var/lib/camd"), std::string::npos);
}

TEST(SanitizeStageTest, PlainLibraryErrorsBecomeInternal) {
  SanitizeStage stage(nullptr);
  Call call;
  absl::Status status = absl::InvalidArgumentError("SELECT * FROM secrets WHERE ...");
  stage.OnResponse(call, status);
  EXPECT_THAT(status, HasReason("CAM_INTERNAL_ERROR"));
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(std::string(status.message()).find("SELECT"), std::string::npos);
}

TEST(SanitizeStageTest, KeepsFieldAndLeavesOkAlone) {
  SanitizeStage stage(nullptr);
  Call call;
  absl::Status status = base::WithField(base::Error(base::Reason::kValidationKeyPattern, "x"), "key");
  stage.OnResponse(call, status);
  EXPECT_EQ(base::FieldOf(status), "key");
  absl::Status ok;
  stage.OnResponse(call, ok);
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(call.outcome_reason, "OK");
}

}  // namespace
}  // namespace cam::envelope
