// File: bench/cambench/latency_histogram.h
// LatencyHistogram: an HDR-style log-bucketed histogram of latencies in microseconds. Values
// below 128 us are kept exactly; above, each power of two is split into 64 sub-buckets, so a
// reported percentile is at most 1/64 (1.6%) above the true sample. Fixed memory (~17 KB), O(1)
// Record, and histograms merge by adding counts, so each in-flight call slot owns one and the
// driver merges them at the end instead of sharing a lock on the hot path.
#ifndef CAM_CAMBENCH_LATENCY_HISTOGRAM_H_
#define CAM_CAMBENCH_LATENCY_HISTOGRAM_H_

#include <array>
#include <cstddef>
#include <cstdint>

namespace cam::bench {

class LatencyHistogram {
 public:
  // Values at or above kMaxTrackedMicros (about 19 hours) are clamped into the last bucket.
  static constexpr uint64_t kMaxTrackedMicros = uint64_t{1} << 36;

  // Record adds one sample.
  void Record(uint64_t micros);

  // Merge adds every sample of `other`.
  void Merge(const LatencyHistogram& other);

  uint64_t Count() const { return count_; }
  uint64_t Min() const { return count_ == 0 ? 0 : min_; }
  uint64_t Max() const { return max_; }

  // Percentile returns the smallest recorded-bucket value v such that at least fraction `q`
  // (0 < q <= 1) of the samples are <= v, reported as the bucket's highest value and clamped
  // to the largest sample seen. 0 when the histogram is empty.
  uint64_t Percentile(double q) const;

 private:
  static constexpr int kSubBucketBits = 6;  // 64 sub-buckets per octave
  static constexpr uint64_t kExactBelow = uint64_t{2} << kSubBucketBits;  // 128
  static constexpr int kOctaves = 36 - (kSubBucketBits + 1);
  static constexpr size_t kBuckets = kExactBelow + kOctaves * (uint64_t{1} << kSubBucketBits);

  static size_t IndexOf(uint64_t micros);
  static uint64_t HighestValueOf(size_t index);

  std::array<uint64_t, kBuckets> counts_{};
  uint64_t count_ = 0;
  uint64_t min_ = 0;
  uint64_t max_ = 0;
};

}  // namespace cam::bench

#endif  // CAM_CAMBENCH_LATENCY_HISTOGRAM_H_
