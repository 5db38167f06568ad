#include "envelope/stages/deadline_stage.h"

#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"
#include "tests/unit/envelope/test_calls.h"

namespace cam::envelope {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;

TEST(DeadlineStageTest, FamilyBudgetAndClientDeadline) {
  base::FakeClock clock(absl::FromUnixSeconds(1000));
  DeadlineStage stage({}, &clock);
  Call call;
  call.method = &testing::Method("cam.v1.Memory.ContextWrite");
  call.received_at = clock.Now();
  ASSERT_THAT(stage.OnRequest(call), IsOk());
  EXPECT_EQ(call.deadline, clock.Now() + absl::Milliseconds(500));

  Call tighter;
  tighter.method = call.method;
  tighter.received_at = clock.Now();
  tighter.client_deadline = clock.Now() + absl::Milliseconds(50);
  ASSERT_THAT(stage.OnRequest(tighter), IsOk());
  EXPECT_EQ(tighter.deadline, clock.Now() + absl::Milliseconds(50));

  Call crypto;
  crypto.method = &testing::Method("cam.v1.Crypto.Encrypt");
  crypto.received_at = clock.Now();
  ASSERT_THAT(stage.OnRequest(crypto), IsOk());
  EXPECT_EQ(crypto.deadline, clock.Now() + absl::Milliseconds(200));
}

TEST(DeadlineStageTest, ExpiredOrCancelledBeforeHandling) {
  base::FakeClock clock(absl::FromUnixSeconds(1000));
  DeadlineStage stage({.memory = absl::Milliseconds(10)}, &clock);
  Call call;
  call.method = &testing::Method("cam.v1.Memory.ContextRead");
  call.received_at = clock.Now();
  clock.Advance(absl::Milliseconds(11));
  EXPECT_THAT(stage.OnRequest(call), HasReason("CAM_DEADLINE_EXCEEDED"));

  Call cancelled;
  cancelled.method = call.method;
  cancelled.received_at = clock.Now();
  cancelled.is_cancelled = [] { return true; };
  EXPECT_THAT(stage.OnRequest(cancelled), HasReason("CAM_DEADLINE_CANCELLED"));
}

}  // namespace
}  // namespace cam::envelope
