// File: bench/cambench/cambench.cc
// cambench: closed-loop load driver over mutual TLS for camd's Memory API and, for honest
// comparisons on the same machine, etcd 3.4's KV API. The last stdout line is
//   ops_per_s=<n> p50_us=<n> p99_us=<n> p999_us=<n> errors=<n>
// so scripts can compare runs. Exit: 0 done, 1 setup failed, 2 usage error.
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "cambench/bench_flags.h"
#include "cambench/camd_target.h"
#include "cambench/etcd_target.h"
#include "cambench/load_driver.h"
#include "cambench/tls_channels.h"

namespace cam::bench {
namespace {

constexpr int kConnectSeconds = 10;

int SetupFailed(const std::string& what, const absl::Status& status) {
  const absl::string_view message = status.message();
  std::fprintf(stderr, "cambench: %s: %.*s\n", what.c_str(), static_cast<int>(message.size()),
               message.data());
  return 1;
}

int Main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  absl::StatusOr<BenchFlags> parsed =
      ParseFlags(args, [](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());
        if (value == nullptr) return std::nullopt;
        return std::string(value);
      });
  if (!parsed.ok()) {
    const absl::string_view message = parsed.status().message();
    std::fprintf(stderr, "cambench: %.*s\nrun `cambench --help` for usage\n",
                 static_cast<int>(message.size()), message.data());
    return 2;
  }
  const BenchFlags& flags = *parsed;
  if (flags.help) {
    std::fputs(Usage().c_str(), stdout);
    return 0;
  }

  absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> channels =
      DialTlsChannels(flags.addr, flags.tls, flags.channels, kConnectSeconds);
  if (!channels.ok()) return SetupFailed("connect", channels.status());

  const std::chrono::milliseconds timeout(flags.timeout_ms);
  std::unique_ptr<Target> target;
  if (flags.target == TargetKind::kCamd) {
    target = std::make_unique<CamdTarget>(*std::move(channels), flags.name_space, timeout);
  } else {
    target = std::make_unique<EtcdTarget>(*std::move(channels), flags.name_space + "/", timeout,
                                          flags.etcd_serializable);
  }
  if (absl::Status ready = target->Prepare(); !ready.ok()) return SetupFailed("prepare", ready);

  LoadOptions options{
      .concurrency = flags.concurrency,
      .channels = flags.channels,
      .read_fraction = flags.read_fraction,
      .warmup = std::chrono::milliseconds(static_cast<int64_t>(flags.warmup_s * 1000)),
      .duration = std::chrono::milliseconds(static_cast<int64_t>(flags.duration_s * 1000)),
      .value_size = static_cast<size_t>(flags.value_size),
      .keys = flags.keys,
      .seed = flags.seed,
      .progress = nullptr,
  };
  if (flags.progress) {
    options.progress = [](double elapsed_s, double ops_per_s, uint64_t errors) {
      std::fprintf(stderr, "cambench: t=%.0fs ops_per_s=%.0f errors=%llu\n", elapsed_s, ops_per_s,
                   static_cast<unsigned long long>(errors));
    };
  }
  LoadDriver driver(target.get(), options);
  if (flags.preload && flags.read_fraction > 0) {
    if (absl::Status loaded = driver.Preload(); !loaded.ok()) return SetupFailed("preload", loaded);
  }

  const LoadResult result = driver.Run();
  if (!result.first_error.empty())
    std::fprintf(stderr, "cambench: first error: %s\n", result.first_error.c_str());
  std::printf(
      "cambench target=%s addr=%s op=%s read_fraction=%.2f concurrency=%d channels=%d "
      "duration_s=%.1f "
      "value_size=%lld keys=%d ops=%llu\n",
      flags.target == TargetKind::kCamd ? "camd" : "etcd", flags.addr.c_str(), flags.op.c_str(),
      flags.read_fraction, flags.concurrency, flags.channels, flags.duration_s,
      static_cast<long long>(flags.value_size), flags.keys,
      static_cast<unsigned long long>(result.ops));
  std::printf("%s\n", FormatResultLine(result).c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace
}  // namespace cam::bench

int main(int argc, char** argv) { return cam::bench::Main(argc, argv); }
