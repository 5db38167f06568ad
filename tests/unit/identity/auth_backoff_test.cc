#include "identity/auth_backoff.h"

#include <gtest/gtest.h>

#include <string>

#include "base/clock.h"
#include "tests/testing/status_matchers.h"

namespace cam::identity {
namespace {

using ::cam::testing::HasReason;

class AuthBackoffTest : public ::testing::Test {
 protected:
  void Fail(int n, std::string_view source = "10.0.0.1") {
    for (int i = 0; i < n; ++i) backoff_.RecordFailure(source);
  }
  base::FakeClock clock_{absl::FromUnixSeconds(1'800'000'000)};
  AuthBackoff backoff_{AuthBackoffConfig{}, &clock_};
};

TEST_F(AuthBackoffTest, FourFailuresAreTolerated) {
  Fail(4);
  CAM_EXPECT_OK(backoff_.Check("10.0.0.1"));
}

TEST_F(AuthBackoffTest, FifthFailureRefusesForOneSecondThenDoubles) {
  Fail(5);
  EXPECT_THAT(backoff_.Check("10.0.0.1"), HasReason("CAM_AUTH_BACKOFF"));
  EXPECT_EQ(backoff_.RemainingPenalty("10.0.0.1"), absl::Seconds(1));
  CAM_EXPECT_OK(backoff_.Check("10.0.0.2"));  // other sources unaffected
  clock_.Advance(absl::Seconds(1));
  CAM_EXPECT_OK(backoff_.Check("10.0.0.1"));

  absl::Duration expected = absl::Seconds(2);
  for (int i = 0; i < 12; ++i) {
    Fail(1);
    EXPECT_EQ(backoff_.RemainingPenalty("10.0.0.1"), expected) << i;
    clock_.Advance(backoff_.RemainingPenalty("10.0.0.1"));
    expected = std::min(expected * 2, absl::Minutes(5));
  }
  EXPECT_EQ(expected, absl::Minutes(5));
}

TEST_F(AuthBackoffTest, WaitingOutAPenaltyDoesNotResetEscalation) {
  Fail(5);
  clock_.Advance(absl::Seconds(1));
  Fail(1);
  EXPECT_EQ(backoff_.RemainingPenalty("10.0.0.1"), absl::Seconds(2));
  clock_.Advance(absl::Seconds(50));  // past the penalty but less than a window after it
  Fail(1);
  EXPECT_EQ(backoff_.RemainingPenalty("10.0.0.1"), absl::Seconds(4));
}

TEST_F(AuthBackoffTest, QuietWindowResets) {
  Fail(5);
  clock_.Advance(absl::Seconds(1) + absl::Seconds(61));
  Fail(4);
  CAM_EXPECT_OK(backoff_.Check("10.0.0.1"));
  Fail(1);
  EXPECT_EQ(backoff_.RemainingPenalty("10.0.0.1"), absl::Seconds(1));
}

TEST_F(AuthBackoffTest, SlowFailuresBelowTheThresholdNeverBlock) {
  for (int i = 0; i < 20; ++i) {
    Fail(1);
    clock_.Advance(absl::Seconds(16));  // four per minute
    CAM_EXPECT_OK(backoff_.Check("10.0.0.1"));
  }
}

TEST_F(AuthBackoffTest, SuccessForgets) {
  Fail(4);
  backoff_.RecordSuccess("10.0.0.1");
  Fail(4);
  CAM_EXPECT_OK(backoff_.Check("10.0.0.1"));
  EXPECT_EQ(backoff_.tracked_sources(), 1u);
}

TEST(AuthBackoffBoundTest, MemoryIsBounded) {
  base::FakeClock clock(absl::FromUnixSeconds(1'800'000'000));
  AuthBackoff backoff({.max_sources = 16}, &clock);
  for (int i = 0; i < 1000; ++i) {
    backoff.RecordFailure("src-" + std::to_string(i));
    clock.Advance(absl::Milliseconds(1));
    ASSERT_LE(backoff.tracked_sources(), 16u);
  }
  // The most recent sources are still tracked.
  for (int i = 0; i < 4; ++i) backoff.RecordFailure("src-999");
  EXPECT_THAT(backoff.Check("src-999"), HasReason("CAM_AUTH_BACKOFF"));
}

}  // namespace
}  // namespace cam::identity
