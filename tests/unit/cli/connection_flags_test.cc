#include "cli/connection_flags.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>

#include "cli/output_format.h"

namespace cam::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

EnvLookup MapEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// Parses `args` with the connection group registered and resolves against `env`.
absl::StatusOr<ConnectionOptions> ResolveWith(std::vector<std::string> args,
                                              std::map<std::string, std::string> env) {
  CLI::App app;
  ConnectionFlags flags;
  flags.Register(app);
  std::reverse(args.begin(), args.end());
  app.parse(args);
  return flags.Resolve(MapEnv(std::move(env)));
}

TEST(ConnectionFlagsTest, Defaults) {
  absl::StatusOr<ConnectionOptions> options = ResolveWith({}, {});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->addr, "127.0.0.1:7443");
  EXPECT_EQ(options->host, "127.0.0.1");
  EXPECT_EQ(options->ca_cert_path, "");
  EXPECT_EQ(options->token, "");
  EXPECT_EQ(options->timeout, std::chrono::seconds(10));
}

TEST(ConnectionFlagsTest, EnvironmentIsPickedUp) {
  absl::StatusOr<ConnectionOptions> options =
      ResolveWith({}, {{"CAM_ADDR", "localhost:9000"},
                       {"CAM_CACERT", "/pki/ca.pem"},
                       {"CAM_CLIENT_CERT", "/pki/operator.pem"},
                       {"CAM_CLIENT_KEY", "/pki/operator-key.pem"},
                       {"CAM_TOKEN", "abc.def.ghi"}});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->addr, "localhost:9000");
  EXPECT_EQ(options->host, "localhost");
  EXPECT_EQ(options->ca_cert_path, "/pki/ca.pem");
  EXPECT_EQ(options->cert_path, "/pki/operator.pem");
  EXPECT_EQ(options->key_path, "/pki/operator-key.pem");
  EXPECT_EQ(options->token, "abc.def.ghi");
}

TEST(ConnectionFlagsTest, FlagOverridesEnvironment) {
  absl::StatusOr<ConnectionOptions> options =
      ResolveWith({"--addr", "[::1]:7000", "--token=flagtoken", "--timeout", "250ms"},
                  {{"CAM_ADDR", "localhost:9000"}, {"CAM_TOKEN", "envtoken"}});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->addr, "[::1]:7000");
  EXPECT_EQ(options->host, "::1");
  EXPECT_EQ(options->token, "flagtoken");
  EXPECT_EQ(options->timeout, std::chrono::milliseconds(250));
}

TEST(ConnectionFlagsTest, FlagOverridesEvenABadEnvironmentValue) {
  EXPECT_TRUE(ResolveWith({"--addr", "127.0.0.1:1"}, {{"CAM_ADDR", "nonsense"}}).ok());
}

TEST(ConnectionFlagsTest, BadEnvironmentValueIsRejectedByName) {
  absl::StatusOr<ConnectionOptions> options = ResolveWith({}, {{"CAM_ADDR", "localhost"}});
  ASSERT_FALSE(options.ok());
  EXPECT_THAT(std::string(options.status().message()), HasSubstr("invalid CAM_ADDR \"localhost\""));
}

TEST(ConnectionFlagsTest, BadFlagValueIsRejectedTheSameWay) {
  absl::StatusOr<ConnectionOptions> options = ResolveWith({"--addr", "localhost"}, {});
  ASSERT_FALSE(options.ok());
  EXPECT_THAT(std::string(options.status().message()), HasSubstr("invalid --addr \"localhost\""));
}

TEST(ConnectionFlagsTest, EmptyEnvironmentValueCountsAsUnset) {
  absl::StatusOr<ConnectionOptions> options =
      ResolveWith({}, {{"CAM_ADDR", ""}, {"CAM_TOKEN", ""}});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->addr, "127.0.0.1:7443");
  EXPECT_EQ(options->token, "");
}

TEST(ConnectionFlagsTest, BadTokenIsRejectedWithoutEchoingIt) {
  absl::StatusOr<ConnectionOptions> options = ResolveWith({}, {{"CAM_TOKEN", "secret with space"}});
  ASSERT_FALSE(options.ok());
  const std::string message(options.status().message());
  EXPECT_THAT(message, HasSubstr("CAM_TOKEN"));
  EXPECT_THAT(message, Not(HasSubstr("secret")));
}

TEST(ConnectionFlagsTest, ApiKeyFromEnvironmentOrFlag) {
  absl::StatusOr<ConnectionOptions> options =
      ResolveWith({}, {{"CAM_API_KEY", "cam_k1_envsecret"}});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->api_key, "cam_k1_envsecret");
  EXPECT_EQ(options->token, "");
  options = ResolveWith({"--api-key", "cam_k1_flagsecret"}, {{"CAM_API_KEY", "cam_k1_envsecret"}});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->api_key, "cam_k1_flagsecret");
}

TEST(ConnectionFlagsTest, TokenAndApiKeyTogetherAreRefusedWithoutEchoingEither) {
  absl::StatusOr<ConnectionOptions> options =
      ResolveWith({"--token", "tok.en.value"}, {{"CAM_API_KEY", "cam_k1_envsecret"}});
  ASSERT_FALSE(options.ok());
  const std::string message(options.status().message());
  EXPECT_THAT(message, HasSubstr("--token"));
  EXPECT_THAT(message, HasSubstr("CAM_API_KEY"));
  EXPECT_THAT(message, Not(HasSubstr("envsecret")));
  EXPECT_THAT(message, Not(HasSubstr("tok.en")));
}

TEST(ConnectionFlagsTest, BadApiKeyIsRejectedWithoutEchoingIt) {
  absl::StatusOr<ConnectionOptions> options =
      ResolveWith({}, {{"CAM_API_KEY", "cam_k1_secret with space"}});
  ASSERT_FALSE(options.ok());
  const std::string message(options.status().message());
  EXPECT_THAT(message, HasSubstr("CAM_API_KEY"));
  EXPECT_THAT(message, Not(HasSubstr("secret")));
  EXPECT_FALSE(ResolveWith({"--api-key", ""}, {}).ok());
}

TEST(ConnectionFlagsTest, CertificateNeedsKeyAndKeyNeedsCertificate) {
  EXPECT_FALSE(ResolveWith({"--cert", "/a.pem"}, {}).ok());
  EXPECT_FALSE(ResolveWith({}, {{"CAM_CLIENT_KEY", "/k.pem"}}).ok());
  EXPECT_TRUE(ResolveWith({"--cert", "/a.pem"}, {{"CAM_CLIENT_KEY", "/k.pem"}}).ok());
}

TEST(ConnectionFlagsTest, BadTimeoutsAreRejected) {
  EXPECT_FALSE(ResolveWith({"--timeout", "10"}, {}).ok());  // no unit: not guessed
  EXPECT_FALSE(ResolveWith({"--timeout", "0s"}, {}).ok());
  EXPECT_FALSE(ResolveWith({"--timeout", "-1s"}, {}).ok());
  EXPECT_FALSE(ResolveWith({"--timeout", "inf"}, {}).ok());
  EXPECT_FALSE(ResolveWith({"--timeout", "soon"}, {}).ok());
  absl::StatusOr<ConnectionOptions> options = ResolveWith({"--timeout", "1m30s"}, {});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->timeout, std::chrono::seconds(90));
}

TEST(HostOfAddressTest, AcceptsHostPortForms) {
  EXPECT_EQ(*HostOfAddress("127.0.0.1:7443"), "127.0.0.1");
  EXPECT_EQ(*HostOfAddress("camd.internal:443"), "camd.internal");
  EXPECT_EQ(*HostOfAddress("[fe80::1]:65535"), "fe80::1");
}

TEST(HostOfAddressTest, RejectsMalformedAddresses) {
  for (const char* bad :
       {"", "localhost", ":7443", "host:", "host:0", "host:65536", "host:12a", "https://host:443",
        "a:b:c", "[::1]", "[::1]7443", "[]:1", "host name:1", "host:+443"}) {
    EXPECT_FALSE(HostOfAddress(bad).ok()) << bad;
  }
}

TEST(OutputFlagsTest, FormatFromEnvironmentFlagAndRejection) {
  auto resolve = [](std::vector<std::string> args, std::map<std::string, std::string> env) {
    CLI::App app;
    OutputFlags flags;
    flags.Register(app);
    std::reverse(args.begin(), args.end());
    app.parse(args);
    return flags.Resolve(MapEnv(std::move(env)));
  };
  EXPECT_EQ(resolve({}, {})->format, OutputFormat::kTable);
  EXPECT_EQ(resolve({}, {{"CAM_FORMAT", "json"}})->format, OutputFormat::kJson);
  EXPECT_EQ(resolve({"--output", "table"}, {{"CAM_FORMAT", "json"}})->format, OutputFormat::kTable);
  EXPECT_EQ(resolve({"-o", "json", "--field", "version"}, {})->field, "version");
  absl::StatusOr<OutputOptions> bad = resolve({}, {{"CAM_FORMAT", "yaml"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("invalid CAM_FORMAT \"yaml\""));
  EXPECT_FALSE(resolve({"--output", "xml"}, {}).ok());
}

TEST(PrepareContextTest, SetsDeadlineAndBearerToken) {
  ConnectionOptions options;
  options.token = "tok";
  options.timeout = std::chrono::milliseconds(1500);
  grpc::ClientContext context;
  const auto before = std::chrono::system_clock::now();
  PrepareContext(options, context);
  const auto deadline = context.deadline();
  EXPECT_GE(deadline, before + std::chrono::milliseconds(1500));
  EXPECT_LE(deadline, std::chrono::system_clock::now() + std::chrono::milliseconds(1500));
}

TEST(DialTlsTest, MissingFilesAreLocalErrors) {
  ConnectionOptions options;
  options.addr = "127.0.0.1:7443";
  options.host = "127.0.0.1";
  options.ca_cert_path = "/nonexistent/ca.pem";
  auto channel = DialTls(options);
  ASSERT_FALSE(channel.ok());
  EXPECT_THAT(std::string(channel.status().message()), HasSubstr("/nonexistent/ca.pem"));
}

TEST(DialTlsTest, NonPemCaIsALocalError) {
  const std::string path = ::testing::TempDir() + "/camctl_not_pem.txt";
  { std::ofstream(path) << "not a certificate\n"; }
  ConnectionOptions options;
  options.addr = "127.0.0.1:7443";
  options.host = "127.0.0.1";
  options.ca_cert_path = path;
  auto channel = DialTls(options);
  std::remove(path.c_str());
  ASSERT_FALSE(channel.ok());
  EXPECT_THAT(std::string(channel.status().message()), HasSubstr("no PEM certificate"));
}

}  // namespace
}  // namespace cam::cli
