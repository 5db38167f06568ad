// File: bench/cambench/load_driver.h
// LoadDriver: a closed-loop load generator. `concurrency` call slots each keep exactly one call
// in flight against a Target: when a call completes, its slot starts the next one at once, so
// the offered load adapts to the server (throughput = concurrency / latency). Slot i uses
// channel i % channels. Calls that complete during the warm-up are not counted; latencies of
// successful calls completing in the measured window go to per-slot histograms merged at the
// end. Errors are counted, never fatal; a failed slot waits a few milliseconds before its next
// call so a failing server is not hammered in a tight loop.
#ifndef CAM_CAMBENCH_LOAD_DRIVER_H_
#define CAM_CAMBENCH_LOAD_DRIVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "cambench/latency_histogram.h"
#include "cambench/target.h"

namespace cam::bench {

struct LoadOptions {
  int concurrency = 50;        // calls in flight
  int channels = 1;            // the target's channel count
  double read_fraction = 0.0;  // 0 = all writes, 1 = all reads
  std::chrono::milliseconds warmup{1000};
  std::chrono::milliseconds duration{10000};  // measured window, after the warm-up
  size_t value_size = 256;                    // bytes per written value
  int keys = 10000;   // key space: keys are KeyName(0 .. keys-1), picked uniformly
  uint64_t seed = 1;  // PRNG seed for key and operation choice
  // Called about once a second during the run with the seconds elapsed since the start, the
  // calls completed in the last interval and the errors so far; empty: no progress.
  std::function<void(double elapsed_s, double ops_per_s, uint64_t errors)> progress;
};

struct LoadResult {
  uint64_t ops = 0;          // successful calls completed in the measured window
  uint64_t errors = 0;       // failed calls completed in the measured window
  double seconds = 0;        // length of the measured window
  LatencyHistogram latency;  // microseconds, successful calls only
  std::string first_error;   // the first error seen (any phase), for diagnosis

  double OpsPerSecond() const { return seconds > 0 ? static_cast<double>(ops) / seconds : 0; }
};

// KeyName is key `index` of the key space ("k00000042"); valid for camd and etcd alike.
std::string KeyName(int index);

// FormatResultLine renders the line scripts parse:
// ops_per_s=<n> p50_us=<n> p99_us=<n> p999_us=<n> errors=<n>
std::string FormatResultLine(const LoadResult& result);

class LoadDriver {
 public:
  // `target` must outlive the driver. `options` must be valid (positive counts and sizes).
  LoadDriver(Target* target, LoadOptions options);

  // Preload writes every key of the key space once (so reads find them), with the same
  // concurrency. It fails when any write fails.
  absl::Status Preload();

  // Run drives the load for warm-up + duration and returns the measured figures.
  LoadResult Run();

 private:
  class Session;

  Target* target_;
  LoadOptions options_;
  std::string value_;
};

}  // namespace cam::bench

#endif  // CAM_CAMBENCH_LOAD_DRIVER_H_
