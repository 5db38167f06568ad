// File: bench/cambench/bench_flags.h
// BenchFlags: cambench's command line. Flags win over the CAM_* environment (CAM_ADDR,
// CAM_CACERT, CAM_CLIENT_CERT, CAM_CLIENT_KEY, as camctl reads them). Every value is checked
// here, so a bad flag or environment value stops cambench before it connects.
#ifndef CAM_CAMBENCH_BENCH_FLAGS_H_
#define CAM_CAMBENCH_BENCH_FLAGS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "cambench/tls_channels.h"

namespace cam::bench {

enum class TargetKind { kCamd, kEtcd };

struct BenchFlags {
  std::string addr;  // --addr, else CAM_ADDR
  TlsFiles tls;      // --ca-cert/--cert/--key, else CAM_CACERT/CAM_CLIENT_CERT/CAM_CLIENT_KEY
  TargetKind target = TargetKind::kCamd;
  std::string op = "write";    // write | read | mixed
  double read_fraction = 0.0;  // derived from --op; --read-fraction for mixed (default 0.5)
  int concurrency = 50;
  int channels = 4;
  double duration_s = 10;
  double warmup_s = 1;
  int64_t value_size = 256;
  int keys = 10000;
  std::string name_space = "bench";  // camd namespace; etcd key prefix "<namespace>/"
  int64_t timeout_ms = 5000;         // per-call deadline
  bool preload = true;               // write every key before read and mixed runs
  bool etcd_serializable = false;    // etcd reads: serializable instead of linearizable
  bool progress = false;             // a progress line on stderr each second
  uint64_t seed = 1;
  bool help = false;  // --help: print Usage() and exit 0
};

using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// ParseFlags reads `args` (without the program name): `--name value` or `--name=value`.
// InvalidArgument names the offending flag or variable.
absl::StatusOr<BenchFlags> ParseFlags(const std::vector<std::string>& args, const EnvLookup& env);

// Usage is the --help text.
std::string Usage();

}  // namespace cam::bench

#endif  // CAM_CAMBENCH_BENCH_FLAGS_H_
