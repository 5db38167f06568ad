#include "envelope/stages/request_size_stage.h"

#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace cam::envelope {
namespace {

TEST(RequestSizeStageTest, LimitIsInclusive) {
  RequestSizeStage stage({.max_request_bytes = 100});
  Call call;
  call.request_bytes = 100;
  EXPECT_THAT(stage.OnRequest(call), ::cam::testing::IsOk());
  call.request_bytes = 101;
  absl::Status status = stage.OnRequest(call);
  EXPECT_THAT(status, ::cam::testing::HasReason("CAM_VALIDATION_PAYLOAD_TOO_LARGE"));
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace cam::envelope
