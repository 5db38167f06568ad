// File: bench/cambench/bench_flags.cc
#include "cambench/bench_flags.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>

namespace cam::bench {
namespace {

absl::Status Bad(const std::string& what) { return absl::InvalidArgumentError(what); }

absl::StatusOr<int64_t> ParseInt(const std::string& name, const std::string& text, int64_t min,
                                 int64_t max) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end)
    return Bad(name + ": not an integer: \"" + text + "\"");
  if (value < min || value > max) {
    return Bad(name + ": " + text + " is out of range [" + std::to_string(min) + ", " +
               std::to_string(max) + "]");
  }
  return value;
}

absl::StatusOr<double> ParseDouble(const std::string& name, const std::string& text, double min,
                                   double max) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value)) {
    return Bad(name + ": not a number: \"" + text + "\"");
  }
  if (value < min || value > max) return Bad(name + ": " + text + " is out of range");
  return value;
}

absl::StatusOr<bool> ParseBool(const std::string& name, const std::string& text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return Bad(name + ": expected true or false, got \"" + text + "\"");
}

// HOST:PORT with a port in 1..65535; IPv6 hosts in brackets.
absl::Status CheckAddress(const std::string& source, const std::string& addr) {
  const size_t colon = addr.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return Bad(source + ": expected HOST:PORT, got \"" + addr + "\"");
  absl::StatusOr<int64_t> port = ParseInt(source + " port", addr.substr(colon + 1), 1, 65535);
  return port.ok() ? absl::OkStatus() : port.status();
}

// The flags that take a value; boolean flags may be given bare (--progress).
const std::map<std::string, bool>& KnownFlags() {
  static const std::map<std::string, bool> flags{{"addr", true},
                                                 {"ca-cert", true},
                                                 {"cert", true},
                                                 {"key", true},
                                                 {"target", true},
                                                 {"op", true},
                                                 {"read-fraction", true},
                                                 {"concurrency", true},
                                                 {"channels", true},
                                                 {"duration", true},
                                                 {"warmup", true},
                                                 {"value-size", true},
                                                 {"keys", true},
                                                 {"namespace", true},
                                                 {"timeout-ms", true},
                                                 {"preload", false},
                                                 {"etcd-serializable", false},
                                                 {"progress", false},
                                                 {"seed", true},
                                                 {"help", false}};
  return flags;
}

}  // namespace

std::string Usage() {
  return "usage: cambench [flags]\n"
         "Closed-loop load over mutual TLS against camd (Memory API) or etcd 3.4 (KV API).\n"
         "The last stdout line is: ops_per_s=<n> p50_us=<n> p99_us=<n> p999_us=<n> errors=<n>\n"
         "\n"
         "  --addr HOST:PORT        server address (default $CAM_ADDR)\n"
         "  --ca-cert FILE          CA certificate (default $CAM_CACERT)\n"
         "  --cert FILE             client certificate (default $CAM_CLIENT_CERT)\n"
         "  --key FILE              client key (default $CAM_CLIENT_KEY)\n"
         "  --target camd|etcd      server kind (default camd)\n"
         "  --op write|read|mixed   operation (default write)\n"
         "  --read-fraction F       reads among mixed operations, 0..1 (default 0.5)\n"
         "  --concurrency N         calls in flight (default 50)\n"
         "  --channels C            gRPC connections (default 4)\n"
         "  --duration SECONDS      measured time, after a warm-up (default 10)\n"
         "  --warmup SECONDS        not measured (default 1)\n"
         "  --value-size BYTES      written value size (default 256)\n"
         "  --keys N                key space size (default 10000)\n"
         "  --namespace NAME        camd namespace, created if missing; etcd key prefix (default "
         "bench)\n"
         "  --timeout-ms MS         per-call deadline (default 5000)\n"
         "  --preload[=BOOL]        write every key before read or mixed runs (default true)\n"
         "  --etcd-serializable     etcd reads are serializable, not linearizable (default off)\n"
         "  --progress              print a progress line on stderr every second\n"
         "  --seed N                PRNG seed (default 1)\n"
         "\n"
         "example: . DATA_DIR/env && cambench --op write --concurrency 50 --duration 10\n"
         "exit: 0 done (errors are counted in the result line), 1 setup failed, 2 usage error\n";
}

absl::StatusOr<BenchFlags> ParseFlags(const std::vector<std::string>& args, const EnvLookup& env) {
  std::map<std::string, std::string> given;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg.size() == 2)
      return Bad("unexpected argument \"" + arg + "\"");
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    const auto known = KnownFlags().find(name);
    if (known == KnownFlags().end()) return Bad("unknown flag --" + name);
    if (!value.has_value()) {
      if (known->second) {
        if (i + 1 >= args.size()) return Bad("--" + name + " needs a value");
        value = args[++i];
      } else {
        value = "true";
      }
    }
    if (given.count(name) != 0) return Bad("--" + name + " given twice");
    given[name] = *value;
  }

  BenchFlags flags;
  auto flag = [&given](const char* name) -> const std::string* {
    auto it = given.find(name);
    return it == given.end() ? nullptr : &it->second;
  };
  if (const std::string* help = flag("help")) {
    absl::StatusOr<bool> parsed = ParseBool("--help", *help);
    if (!parsed.ok()) return parsed.status();
    flags.help = *parsed;
    if (flags.help) return flags;
  }

  // Flag > environment; an environment variable set to "" counts as unset.
  auto pick = [&](const char* name, const char* env_name, std::string& out) -> std::string {
    if (const std::string* value = flag(name)) {
      out = *value;
      return std::string("--") + name;
    }
    std::optional<std::string> from_env = env(env_name);
    if (from_env.has_value() && !from_env->empty()) {
      out = *from_env;
      return env_name;
    }
    return {};
  };
  const std::string addr_source = pick("addr", "CAM_ADDR", flags.addr);
  if (addr_source.empty()) return Bad("no server address: set --addr or CAM_ADDR");
  if (absl::Status ok = CheckAddress(addr_source, flags.addr); !ok.ok()) return ok;
  if (pick("ca-cert", "CAM_CACERT", flags.tls.ca_cert).empty())
    return Bad("set --ca-cert or CAM_CACERT");
  if (pick("cert", "CAM_CLIENT_CERT", flags.tls.cert).empty())
    return Bad("set --cert or CAM_CLIENT_CERT");
  if (pick("key", "CAM_CLIENT_KEY", flags.tls.key).empty())
    return Bad("set --key or CAM_CLIENT_KEY");

  if (const std::string* target = flag("target")) {
    if (*target == "camd") {
      flags.target = TargetKind::kCamd;
    } else if (*target == "etcd") {
      flags.target = TargetKind::kEtcd;
    } else {
      return Bad("--target: expected camd or etcd, got \"" + *target + "\"");
    }
  }
  if (const std::string* op = flag("op")) flags.op = *op;
  if (flags.op == "write") {
    flags.read_fraction = 0.0;
  } else if (flags.op == "read") {
    flags.read_fraction = 1.0;
  } else if (flags.op == "mixed") {
    flags.read_fraction = 0.5;
  } else {
    return Bad("--op: expected write, read or mixed, got \"" + flags.op + "\"");
  }
  if (const std::string* fraction = flag("read-fraction")) {
    if (flags.op != "mixed") return Bad("--read-fraction needs --op mixed");
    absl::StatusOr<double> parsed = ParseDouble("--read-fraction", *fraction, 0.0, 1.0);
    if (!parsed.ok()) return parsed.status();
    flags.read_fraction = *parsed;
  }

  struct IntFlag {
    const char* name;
    int64_t min, max;
    int64_t* out64;
    int* out32;
  };
  int64_t seed = static_cast<int64_t>(flags.seed);
  const IntFlag ints[] = {
      {"concurrency", 1, 10000, nullptr, &flags.concurrency},
      {"channels", 1, 1024, nullptr, &flags.channels},
      {"value-size", 1, 16 << 20, &flags.value_size, nullptr},
      {"keys", 1, 100000000, nullptr, &flags.keys},
      {"timeout-ms", 1, 600000, &flags.timeout_ms, nullptr},
      {"seed", 0, INT64_MAX, &seed, nullptr},
  };
  for (const IntFlag& spec : ints) {
    const std::string* text = flag(spec.name);
    if (text == nullptr) continue;
    absl::StatusOr<int64_t> parsed =
        ParseInt(std::string("--") + spec.name, *text, spec.min, spec.max);
    if (!parsed.ok()) return parsed.status();
    if (spec.out64 != nullptr) *spec.out64 = *parsed;
    if (spec.out32 != nullptr) *spec.out32 = static_cast<int>(*parsed);
  }
  flags.seed = static_cast<uint64_t>(seed);
  if (flags.channels > flags.concurrency) return Bad("--channels must not exceed --concurrency");

  if (const std::string* text = flag("duration")) {
    absl::StatusOr<double> parsed = ParseDouble("--duration", *text, 0.1, 86400);
    if (!parsed.ok()) return parsed.status();
    flags.duration_s = *parsed;
  }
  if (const std::string* text = flag("warmup")) {
    absl::StatusOr<double> parsed = ParseDouble("--warmup", *text, 0, 3600);
    if (!parsed.ok()) return parsed.status();
    flags.warmup_s = *parsed;
  }
  if (const std::string* text = flag("namespace")) flags.name_space = *text;
  static const std::regex kNamespace("^[a-z0-9][a-z0-9_-]{0,63}$");
  if (!std::regex_match(flags.name_space, kNamespace)) {
    return Bad("--namespace: \"" + flags.name_space +
               "\" does not match ^[a-z0-9][a-z0-9_-]{0,63}$");
  }
  struct BoolFlag {
    const char* name;
    bool* out;
  };
  const BoolFlag bools[] = {{"preload", &flags.preload},
                            {"etcd-serializable", &flags.etcd_serializable},
                            {"progress", &flags.progress}};
  for (const BoolFlag& spec : bools) {
    const std::string* text = flag(spec.name);
    if (text == nullptr) continue;
    absl::StatusOr<bool> parsed = ParseBool(std::string("--") + spec.name, *text);
    if (!parsed.ok()) return parsed.status();
    *spec.out = *parsed;
  }
  return flags;
}

}  // namespace cam::bench
