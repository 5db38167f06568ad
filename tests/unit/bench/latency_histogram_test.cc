// Tests for cam::bench::LatencyHistogram: exact small values, bounded relative error above,
// percentiles against a sorted reference, merging, clamping.
#include "cambench/latency_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace cam::bench {
namespace {

TEST(LatencyHistogramTest, EmptyReportsZero) {
  LatencyHistogram histogram;
  EXPECT_EQ(histogram.Count(), 0u);
  EXPECT_EQ(histogram.Percentile(0.5), 0u);
  EXPECT_EQ(histogram.Percentile(0.99), 0u);
  EXPECT_EQ(histogram.Min(), 0u);
  EXPECT_EQ(histogram.Max(), 0u);
}

TEST(LatencyHistogramTest, SmallValuesAreExact) {
  LatencyHistogram histogram;
  for (uint64_t v = 1; v <= 100; ++v) histogram.Record(v);
  EXPECT_EQ(histogram.Count(), 100u);
  EXPECT_EQ(histogram.Percentile(0.50), 50u);
  EXPECT_EQ(histogram.Percentile(0.99), 99u);
  EXPECT_EQ(histogram.Percentile(0.999), 100u);
  EXPECT_EQ(histogram.Percentile(1.0), 100u);
  EXPECT_EQ(histogram.Percentile(0.01), 1u);
  EXPECT_EQ(histogram.Min(), 1u);
  EXPECT_EQ(histogram.Max(), 100u);
}

TEST(LatencyHistogramTest, SingleLargeValueIsReportedExactly) {
  LatencyHistogram histogram;
  histogram.Record(123457);
  // The bucket's upper bound is clamped to the largest sample.
  EXPECT_EQ(histogram.Percentile(0.5), 123457u);
}

TEST(LatencyHistogramTest, PercentilesWithinOneSixtyFourthOfSortedReference) {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> latency(7.0, 1.2);  // median ~1.1 ms, long tail
  std::vector<uint64_t> samples;
  LatencyHistogram histogram;
  for (int i = 0; i < 200000; ++i) {
    const auto v = static_cast<uint64_t>(latency(rng));
    samples.push_back(v);
    histogram.Record(v);
  }
  std::sort(samples.begin(), samples.end());
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(samples.size())));
    const uint64_t exact = samples[rank - 1];
    const uint64_t reported = histogram.Percentile(q);
    EXPECT_GE(reported, exact) << "q=" << q;
    EXPECT_LE(static_cast<double>(reported), static_cast<double>(exact) * (1.0 + 1.0 / 64) + 1)
        << "q=" << q;
  }
}

TEST(LatencyHistogramTest, MergeEqualsRecordingEverythingInOne) {
  LatencyHistogram a, b, all;
  for (uint64_t v = 0; v < 5000; v += 3) {
    a.Record(v * 7);
    all.Record(v * 7);
  }
  for (uint64_t v = 0; v < 3000; v += 2) {
    b.Record(v * 131);
    all.Record(v * 131);
  }
  a.Merge(b);
  EXPECT_EQ(a.Count(), all.Count());
  EXPECT_EQ(a.Min(), all.Min());
  EXPECT_EQ(a.Max(), all.Max());
  for (double q : {0.1, 0.5, 0.9, 0.99, 0.999}) EXPECT_EQ(a.Percentile(q), all.Percentile(q)) << q;
}

TEST(LatencyHistogramTest, MergeIntoEmptyKeepsMinimum) {
  LatencyHistogram empty, other;
  other.Record(900);
  other.Record(1000);
  empty.Merge(other);
  EXPECT_EQ(empty.Min(), 900u);
  // 900 shares a bucket with [896, 903]: reported as the bucket's top, never below the sample.
  EXPECT_GE(empty.Percentile(0.5), 900u);
  EXPECT_LE(empty.Percentile(0.5), 903u);
  EXPECT_EQ(empty.Percentile(1.0), 1000u);
}

TEST(LatencyHistogramTest, HugeValuesAreClampedNotLost) {
  LatencyHistogram histogram;
  histogram.Record(LatencyHistogram::kMaxTrackedMicros * 4);
  histogram.Record(10);
  EXPECT_EQ(histogram.Count(), 2u);
  EXPECT_EQ(histogram.Percentile(0.5), 10u);
  EXPECT_EQ(histogram.Max(), LatencyHistogram::kMaxTrackedMicros * 4);
  EXPECT_GE(histogram.Percentile(1.0), LatencyHistogram::kMaxTrackedMicros / 2);
}

}  // namespace
}  // namespace cam::bench
