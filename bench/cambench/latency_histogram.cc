// File: bench/cambench/latency_histogram.cc
#include "cambench/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace cam::bench {

// Index layout: [0, 128) holds the value itself. Above, a value v with bit length b (b >= 8)
// keeps its top 7 bits: shift = b - 7, and (v >> shift) lies in [64, 128). Octave `shift`
// (1, 2, ...) starts at 128 + (shift - 1) * 64.
size_t LatencyHistogram::IndexOf(uint64_t micros) {
  if (micros < kExactBelow) return static_cast<size_t>(micros);
  micros = std::min(micros, kMaxTrackedMicros - 1);
  const int shift = std::bit_width(micros) - (kSubBucketBits + 1);
  const uint64_t top = micros >> shift;  // in [64, 128)
  return static_cast<size_t>(kExactBelow + (static_cast<uint64_t>(shift) - 1) * (kExactBelow / 2) +
                             (top - kExactBelow / 2));
}

uint64_t LatencyHistogram::HighestValueOf(size_t index) {
  if (index < kExactBelow) return index;
  const uint64_t rest = index - kExactBelow;
  const uint64_t shift = rest / (kExactBelow / 2) + 1;
  const uint64_t top = rest % (kExactBelow / 2) + kExactBelow / 2;
  return ((top + 1) << shift) - 1;
}

void LatencyHistogram::Record(uint64_t micros) {
  ++counts_[IndexOf(micros)];
  min_ = count_ == 0 ? micros : std::min(min_, micros);
  max_ = std::max(max_, micros);
  ++count_;
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  count_ += other.count_;
}

uint64_t LatencyHistogram::Percentile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // The rank of the wanted sample, 1-based: ceil(q * n), at least 1.
  const auto rank =
      std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_))));
  uint64_t seen = 0;
  for (size_t i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::clamp(HighestValueOf(i), min_, max_);
  }
  return max_;
}

}  // namespace cam::bench
