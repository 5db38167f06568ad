// Tests for cambench's flag parsing: defaults, environment fallback, precedence, and every
// kind of bad value being refused with the flag's name.
#include "cambench/bench_flags.h"

#include <gtest/gtest.h>

#include <map>

namespace cam::bench {
namespace {

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

EnvLookup CamEnv() {
  return FakeEnv({{"CAM_ADDR", "127.0.0.1:7443"},
                  {"CAM_CACERT", "/pki/ca.pem"},
                  {"CAM_CLIENT_CERT", "/pki/op.pem"},
                  {"CAM_CLIENT_KEY", "/pki/op.key"}});
}

std::string ErrorOf(const std::vector<std::string>& args, const EnvLookup& env = CamEnv()) {
  absl::StatusOr<BenchFlags> flags = ParseFlags(args, env);
  if (flags.ok()) return "ok";
  EXPECT_EQ(flags.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(flags.status().message());
}

TEST(BenchFlagsTest, DefaultsComeFromTheEnvironment) {
  absl::StatusOr<BenchFlags> flags = ParseFlags({}, CamEnv());
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->addr, "127.0.0.1:7443");
  EXPECT_EQ(flags->tls.ca_cert, "/pki/ca.pem");
  EXPECT_EQ(flags->tls.cert, "/pki/op.pem");
  EXPECT_EQ(flags->tls.key, "/pki/op.key");
  EXPECT_EQ(flags->target, TargetKind::kCamd);
  EXPECT_EQ(flags->op, "write");
  EXPECT_EQ(flags->read_fraction, 0.0);
  EXPECT_EQ(flags->concurrency, 50);
  EXPECT_EQ(flags->value_size, 256);
  EXPECT_EQ(flags->keys, 10000);
  EXPECT_EQ(flags->name_space, "bench");
  EXPECT_TRUE(flags->preload);
  EXPECT_FALSE(flags->progress);
}

TEST(BenchFlagsTest, FlagsOverrideEnvironmentInBothSpellings) {
  absl::StatusOr<BenchFlags> flags = ParseFlags({"--addr",
                                                 "[::1]:2379",
                                                 "--ca-cert=/x/ca.pem",
                                                 "--cert",
                                                 "/x/c.pem",
                                                 "--key=/x/k.pem",
                                                 "--target",
                                                 "etcd",
                                                 "--op=mixed",
                                                 "--read-fraction",
                                                 "0.9",
                                                 "--concurrency",
                                                 "8",
                                                 "--channels=2",
                                                 "--duration",
                                                 "2.5",
                                                 "--value-size",
                                                 "1024",
                                                 "--keys",
                                                 "7",
                                                 "--namespace",
                                                 "perf-1",
                                                 "--progress",
                                                 "--preload=false",
                                                 "--etcd-serializable"},
                                                CamEnv());
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->addr, "[::1]:2379");
  EXPECT_EQ(flags->tls.ca_cert, "/x/ca.pem");
  EXPECT_EQ(flags->tls.cert, "/x/c.pem");
  EXPECT_EQ(flags->tls.key, "/x/k.pem");
  EXPECT_EQ(flags->target, TargetKind::kEtcd);
  EXPECT_DOUBLE_EQ(flags->read_fraction, 0.9);
  EXPECT_EQ(flags->concurrency, 8);
  EXPECT_EQ(flags->channels, 2);
  EXPECT_DOUBLE_EQ(flags->duration_s, 2.5);
  EXPECT_EQ(flags->value_size, 1024);
  EXPECT_EQ(flags->keys, 7);
  EXPECT_EQ(flags->name_space, "perf-1");
  EXPECT_TRUE(flags->progress);
  EXPECT_FALSE(flags->preload);
  EXPECT_TRUE(flags->etcd_serializable);
}

TEST(BenchFlagsTest, OpSetsReadFraction) {
  absl::StatusOr<BenchFlags> read = ParseFlags({"--op", "read"}, CamEnv());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->read_fraction, 1.0);
  absl::StatusOr<BenchFlags> mixed = ParseFlags({"--op", "mixed"}, CamEnv());
  ASSERT_TRUE(mixed.ok());
  EXPECT_EQ(mixed->read_fraction, 0.5);
}

TEST(BenchFlagsTest, HelpNeedsNothingElse) {
  absl::StatusOr<BenchFlags> flags = ParseFlags({"--help"}, FakeEnv({}));
  ASSERT_TRUE(flags.ok());
  EXPECT_TRUE(flags->help);
  EXPECT_NE(Usage().find("--concurrency"), std::string::npos);
}

TEST(BenchFlagsTest, MissingConnectionSettingsAreRefused) {
  EXPECT_NE(ErrorOf({}, FakeEnv({})).find("CAM_ADDR"), std::string::npos);
  EXPECT_NE(ErrorOf({"--addr", "127.0.0.1:1"}, FakeEnv({})).find("CAM_CACERT"), std::string::npos);
  // An empty variable counts as unset.
  EXPECT_NE(ErrorOf({}, FakeEnv({{"CAM_ADDR", ""}})).find("CAM_ADDR"), std::string::npos);
}

TEST(BenchFlagsTest, BadValuesNameTheirSource) {
  EXPECT_NE(ErrorOf({"--bogus", "1"}).find("unknown flag --bogus"), std::string::npos);
  EXPECT_NE(ErrorOf({"stray"}).find("unexpected argument"), std::string::npos);
  EXPECT_NE(ErrorOf({"--op", "scan"}).find("--op"), std::string::npos);
  EXPECT_NE(ErrorOf({"--target", "redis"}).find("--target"), std::string::npos);
  EXPECT_NE(ErrorOf({"--concurrency", "0"}).find("--concurrency"), std::string::npos);
  EXPECT_NE(ErrorOf({"--concurrency", "12abc"}).find("not an integer"), std::string::npos);
  EXPECT_NE(ErrorOf({"--channels", "9", "--concurrency", "8"}).find("--channels"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--duration", "nan"}).find("--duration"), std::string::npos);
  EXPECT_NE(ErrorOf({"--duration", "0"}).find("--duration"), std::string::npos);
  EXPECT_NE(ErrorOf({"--value-size", "-1"}).find("--value-size"), std::string::npos);
  EXPECT_NE(ErrorOf({"--keys"}).find("needs a value"), std::string::npos);
  EXPECT_NE(ErrorOf({"--namespace", "Bad NS"}).find("--namespace"), std::string::npos);
  EXPECT_NE(ErrorOf({"--read-fraction", "0.3"}).find("--op mixed"), std::string::npos);
  EXPECT_NE(ErrorOf({"--op", "mixed", "--read-fraction", "1.5"}).find("--read-fraction"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--progress=maybe"}).find("--progress"), std::string::npos);
  EXPECT_NE(ErrorOf({"--keys", "1", "--keys", "2"}).find("twice"), std::string::npos);
  EXPECT_NE(ErrorOf({"--addr", "localhost"}).find("HOST:PORT"), std::string::npos);
  EXPECT_NE(ErrorOf({"--addr", "localhost:99999"}).find("out of range"), std::string::npos);
  EXPECT_NE(ErrorOf({}, FakeEnv({{"CAM_ADDR", "nope"}})).find("CAM_ADDR"), std::string::npos);
}

}  // namespace
}  // namespace cam::bench
