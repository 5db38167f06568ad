#include "envelope/stages/validate_stage.h"

#include <gtest/gtest.h>

#include "base/reasons.h"
#include "cam/v1/memory.pb.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/envelope/test_calls.h"

namespace cam::envelope {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;

TEST(ValidateStageTest, RecordsResourceNamespace) {
  ValidateStage stage({});
  v1::ContextReadRequest request;
  request.set_namespace_("team-a");
  request.set_key("k");
  Call call;
  call.method = &testing::Method("cam.v1.Memory.ContextRead");
  call.request = &request;
  ASSERT_THAT(stage.OnRequest(call), IsOk());
  EXPECT_EQ(call.resource_namespace, "team-a");
}

TEST(ValidateStageTest, ReportsTransportDecodeFailure) {
  ValidateStage stage({});
  v1::ContextReadRequest request;
  Call call;
  call.method = &testing::Method("cam.v1.Memory.ContextRead");
  call.request = &request;
  call.decode_status = base::Error(base::Reason::kValidationMalformedBody, "bad bytes");
  EXPECT_THAT(stage.OnRequest(call), HasReason("CAM_VALIDATION_MALFORMED_BODY"));
}

}  // namespace
}  // namespace cam::envelope
