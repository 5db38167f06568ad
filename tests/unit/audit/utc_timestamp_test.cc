#include "audit/utc_timestamp.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace cam::audit {
namespace {

std::string Fast(absl::Time time) {
  std::string out = "prefix:";
  AppendUtcTimestamp(out, time);
  return out.substr(7);
}

std::string Absl(absl::Time time) {
  return absl::FormatTime(absl::RFC3339_full, time, absl::UTCTimeZone());
}

TEST(UtcTimestampTest, WritesWholeSecondsAndTrimmedFractions) {
  const absl::Time second = absl::FromUnixSeconds(1796654220);  // 2026-12-07T14:37:00Z
  EXPECT_EQ(Fast(second), "2026-12-07T14:37:00+00:00");
  EXPECT_EQ(Fast(second + absl::Milliseconds(120)), "2026-12-07T14:37:00.12+00:00");
  EXPECT_EQ(Fast(second + absl::Nanoseconds(1)), "2026-12-07T14:37:00.000000001+00:00");
  EXPECT_EQ(Fast(absl::UnixEpoch()), "1970-01-01T00:00:00+00:00");
  EXPECT_EQ(Fast(absl::UnixEpoch() - absl::Nanoseconds(1)), "1969-12-31T23:59:59.999999999+00:00");
}

TEST(UtcTimestampTest, MatchesAbslFormatTimeAcrossTheRangeAndAtItsEdges) {
  std::mt19937_64 rng(20261207);
  for (int round = 0; round < 20000; ++round) {
    // Years 0 to 9999 and beyond, at whole seconds, milliseconds, nanoseconds and quarter
    // nanoseconds (absl::Time's own resolution), so both the fast form and the fallback are hit.
    const int64_t seconds = static_cast<int64_t>(rng() % 400000000000ULL) - 62200000000LL;
    absl::Time time = absl::FromUnixSeconds(seconds);
    switch (round % 4) {
      case 1:
        time += absl::Milliseconds(static_cast<int64_t>(rng() % 1000));
        break;
      case 2:
        time += absl::Nanoseconds(static_cast<int64_t>(rng() % 1000000000));
        break;
      case 3:
        time += absl::Nanoseconds(static_cast<int64_t>(rng() % 1000)) / 4;
        break;
      default:
        break;
    }
    ASSERT_EQ(Fast(time), Absl(time)) << "round " << round;
  }
  for (const absl::Time edge :
       {absl::InfiniteFuture(), absl::InfinitePast(),
        absl::FromCivil(absl::CivilSecond(0, 1, 1), absl::UTCTimeZone()),
        absl::FromCivil(absl::CivilSecond(9999, 12, 31, 23, 59, 59), absl::UTCTimeZone()),
        absl::FromCivil(absl::CivilSecond(10000, 1, 1), absl::UTCTimeZone()),
        absl::FromCivil(absl::CivilSecond(-1, 12, 31), absl::UTCTimeZone())}) {
    EXPECT_EQ(Fast(edge), Absl(edge));
  }
}

}  // namespace
}  // namespace cam::audit
