// LoadConfig: defaults, then YAML, then CAM_<PATH> environment variables, then validation. Bad
// configuration must fail with InvalidArgument and a message naming the key.
#include "daemon/camd_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "tests/testing/status_matchers.h"

namespace cam::daemon {
namespace {

using ::cam::testing::IsOk;
using ::cam::testing::StatusIs;
using ::testing::HasSubstr;

using Env = std::map<std::string, std::string>;

absl::StatusOr<CamdConfig> Load(const std::string& yaml, const Env& env = {}) {
  ConfigSources sources;
  sources.yaml_text = yaml;
  sources.getenv = [&env](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  return LoadConfig(sources);
}

// Expects `loaded` to be refused with InvalidArgument and a message containing every fragment.
void ExpectRefused(const absl::StatusOr<CamdConfig>& loaded,
                   const std::vector<std::string>& fragments) {
  ASSERT_THAT(loaded.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  for (const std::string& fragment : fragments) {
    EXPECT_THAT(std::string(loaded.status().message()), HasSubstr(fragment));
  }
}

TEST(CamdConfigTest, DefaultsWithoutYamlOrEnvironment) {
  ConfigSources sources;  // no YAML text, no getenv function at all
  CAM_ASSERT_OK_AND_ASSIGN(const CamdConfig config, LoadConfig(sources));
  EXPECT_EQ(config.data_dir, "/var/lib/camd");
  EXPECT_EQ(config.grpc_addr, "127.0.0.1:7443");
  EXPECT_EQ(config.http_addr, "127.0.0.1:8443");
  EXPECT_EQ(config.tls_cert_file, "");
  EXPECT_EQ(config.auth_operator_mfa, 1);
  EXPECT_EQ(config.server_worker_threads, 16);
  EXPECT_EQ(config.audit_handshake_summary_ms, 10000);
  EXPECT_EQ(config.audit_recent_decisions, 8192);
  EXPECT_EQ(config.log_level, "info");

  // An environment that sets nothing, and YAML holding only a comment, change nothing.
  CAM_ASSERT_OK_AND_ASSIGN(const CamdConfig same, Load("# nothing configured\n"));
  EXPECT_EQ(same.grpc_addr, config.grpc_addr);
  EXPECT_EQ(same.audit_recent_decisions, 8192);
  EXPECT_THAT(ValidateConfig(CamdConfig{}), IsOk());
}

TEST(CamdConfigTest, AppliesNestedYamlValues) {
  CAM_ASSERT_OK_AND_ASSIGN(const CamdConfig config, Load(R"(
data_dir: /srv/camd
grpc:
  addr: 0.0.0.0:9000
http:
  addr: "[::1]:9443"
server:
  worker_threads: 8
audit:
  handshake_summary_ms: 500
  recent_decisions: 100
log:
  level: debug
)"));
  EXPECT_EQ(config.data_dir, "/srv/camd");
  EXPECT_EQ(config.grpc_addr, "0.0.0.0:9000");
  EXPECT_EQ(config.http_addr, "[::1]:9443");
  EXPECT_EQ(config.server_worker_threads, 8);
  EXPECT_EQ(config.audit_handshake_summary_ms, 500);
  EXPECT_EQ(config.audit_recent_decisions, 100);
  EXPECT_EQ(config.log_level, "debug");
  EXPECT_EQ(config.server_drain_ms, 10000);  // not in the file: the default stays
}

TEST(CamdConfigTest, EnvironmentOverridesYaml) {
  const std::string yaml = R"(
grpc:
  addr: 10.0.0.1:1000
http:
  addr: 10.0.0.1:2000
audit:
  recent_decisions: 100
)";
  CAM_ASSERT_OK_AND_ASSIGN(
      const CamdConfig config,
      Load(yaml, {{"CAM_GRPC_ADDR", "10.0.0.2:3000"}, {"CAM_AUDIT_RECENT_DECISIONS", "200"}}));
  EXPECT_EQ(config.grpc_addr, "10.0.0.2:3000");   // string key
  EXPECT_EQ(config.audit_recent_decisions, 200);  // integer key
  EXPECT_EQ(config.http_addr, "10.0.0.1:2000");   // YAML value with no override stays
}

// For each key: a valid value different from its default, and how to read the field back.
struct KeyCase {
  std::string value;
  std::function<std::string(const CamdConfig&)> read;
};

template <typename T>
std::function<std::string(const CamdConfig&)> Reader(T CamdConfig::*field) {
  return [field](const CamdConfig& config) { return absl::StrCat(config.*field); };
}

TEST(CamdConfigTest, EveryKeyIsReachableByItsEnvironmentName) {
  const std::map<std::string, KeyCase> cases = {
      {"data_dir", {"/srv/camd", Reader(&CamdConfig::data_dir)}},
      {"grpc.addr", {"0.0.0.0:9000", Reader(&CamdConfig::grpc_addr)}},
      {"http.addr", {"[::1]:9443", Reader(&CamdConfig::http_addr)}},
      {"tls.cert_file", {"/etc/camd/cert.pem", Reader(&CamdConfig::tls_cert_file)}},
      {"tls.key_file", {"/etc/camd/key.pem", Reader(&CamdConfig::tls_key_file)}},
      {"tls.client_ca_file", {"/etc/camd/ca.pem", Reader(&CamdConfig::tls_client_ca_file)}},
      {"tls.crl_file", {"/etc/camd/crl.pem", Reader(&CamdConfig::tls_crl_file)}},
      {"auth.trust_domain", {"example.org", Reader(&CamdConfig::auth_trust_domain)}},
      {"auth.default_tenant", {"team-a", Reader(&CamdConfig::auth_default_tenant)}},
      {"auth.client_classes_file",
       {"/etc/camd/classes.yaml", Reader(&CamdConfig::auth_client_classes_file)}},
      {"auth.operator_mfa", {"0", Reader(&CamdConfig::auth_operator_mfa)}},
      {"auth.token_lifetime_s", {"120", Reader(&CamdConfig::auth_token_lifetime_s)}},
      {"limits.max_value_bytes", {"4096", Reader(&CamdConfig::limits_max_value_bytes)}},
      {"memory.versions_kept", {"3", Reader(&CamdConfig::memory_versions_kept)}},
      {"deadlines.memory_ms", {"501", Reader(&CamdConfig::deadlines_memory_ms)}},
      {"deadlines.tasks_ms", {"101", Reader(&CamdConfig::deadlines_tasks_ms)}},
      {"deadlines.security_ms", {"201", Reader(&CamdConfig::deadlines_security_ms)}},
      {"deadlines.drivers_ms", {"2001", Reader(&CamdConfig::deadlines_drivers_ms)}},
      {"server.worker_threads", {"7", Reader(&CamdConfig::server_worker_threads)}},
      {"server.drain_ms", {"0", Reader(&CamdConfig::server_drain_ms)}},
      {"audit.handshake_summary_ms", {"100", Reader(&CamdConfig::audit_handshake_summary_ms)}},
      {"audit.recent_decisions", {"1000000", Reader(&CamdConfig::audit_recent_decisions)}},
      {"log.level", {"error", Reader(&CamdConfig::log_level)}},
  };
  const std::map<std::string, std::string> keys = ConfigKeys();
  // A key added to the settings table must be added here too.
  std::vector<std::string> table_keys;
  std::vector<std::string> case_keys;
  table_keys.reserve(keys.size());
  case_keys.reserve(cases.size());
  for (const auto& [path, env_name] : keys) table_keys.push_back(path);
  for (const auto& [path, key_case] : cases) case_keys.push_back(path);
  ASSERT_EQ(table_keys, case_keys);

  const CamdConfig defaults;
  for (const auto& [path, env_name] : keys) {
    SCOPED_TRACE(path);
    std::string expected_name = "CAM_";
    for (const char c : path) expected_name += c == '.' ? '_' : static_cast<char>(std::toupper(c));
    EXPECT_EQ(env_name, expected_name);

    const KeyCase& key_case = cases.at(path);
    ASSERT_NE(key_case.read(defaults), key_case.value) << "the test value must not be the default";
    absl::StatusOr<CamdConfig> config = Load("", {{env_name, key_case.value}});
    ASSERT_THAT(config, IsOk());
    EXPECT_EQ(key_case.read(*config), key_case.value);

    // The same value through YAML, nested by the dotted path, lands in the same field.
    std::string yaml;
    std::string indent;
    for (size_t start = 0;;) {
      const size_t dot = path.find('.', start);
      if (dot == std::string::npos) {
        absl::StrAppend(&yaml, indent, path.substr(start), ": \"", key_case.value, "\"\n");
        break;
      }
      absl::StrAppend(&yaml, indent, path.substr(start, dot - start), ":\n");
      indent += "  ";
      start = dot + 1;
    }
    config = Load(yaml);
    ASSERT_THAT(config, IsOk()) << yaml;
    EXPECT_EQ(key_case.read(*config), key_case.value);
  }
}

TEST(CamdConfigTest, RefusesOutOfRangeValuesNamingTheKey) {
  ExpectRefused(Load("audit:\n  recent_decisions: 0\n"), {"audit.recent_decisions", "0"});
  ExpectRefused(Load("audit:\n  recent_decisions: 1000001\n"),
                {"audit.recent_decisions", "1000001"});
  ExpectRefused(Load("audit:\n  recent_decisions: -5\n"), {"audit.recent_decisions"});
  ExpectRefused(Load("", {{"CAM_AUDIT_RECENT_DECISIONS", "0"}}), {"audit.recent_decisions"});
  ExpectRefused(Load("", {{"CAM_AUDIT_RECENT_DECISIONS", "1000001"}}),
                {"audit.recent_decisions", "1000001"});
  ExpectRefused(Load("server:\n  worker_threads: 0\n"), {"server.worker_threads"});
  ExpectRefused(Load("", {{"CAM_SERVER_WORKER_THREADS", "0"}}), {"server.worker_threads"});
  ExpectRefused(Load("", {{"CAM_SERVER_WORKER_THREADS", "1025"}}), {"server.worker_threads"});
  ExpectRefused(Load("log:\n  level: verbose\n"), {"log.level"});

  // The bounds themselves are accepted.
  CAM_ASSERT_OK_AND_ASSIGN(const CamdConfig low, Load("audit:\n  recent_decisions: 1\n"));
  EXPECT_EQ(low.audit_recent_decisions, 1);
  CAM_ASSERT_OK_AND_ASSIGN(const CamdConfig high,
                           Load("", {{"CAM_AUDIT_RECENT_DECISIONS", "1000000"}}));
  EXPECT_EQ(high.audit_recent_decisions, 1000000);
}

TEST(CamdConfigTest, RefusesUnknownKeysNamingThem) {
  ExpectRefused(Load("grpc:\n  adress: 127.0.0.1:7443\n"), {"unknown key", "grpc.adress"});
  ExpectRefused(Load("colour: blue\n"), {"unknown key", "colour"});
  // A section name alone is not a key.
  ExpectRefused(Load("audit: 5\n"), {"audit"});
}

TEST(CamdConfigTest, RefusesNonIntegerValuesForIntegerKeys) {
  ExpectRefused(Load("server:\n  worker_threads: many\n"),
                {"server.worker_threads", "integer", "many"});
  ExpectRefused(Load("audit:\n  recent_decisions: 1.5\n"), {"audit.recent_decisions", "integer"});
  ExpectRefused(Load("", {{"CAM_AUDIT_RECENT_DECISIONS", "8k"}}),
                {"CAM_AUDIT_RECENT_DECISIONS", "integer", "8k"});
  ExpectRefused(Load("", {{"CAM_SERVER_DRAIN_MS", ""}}), {"server.drain_ms", "integer"});
  ExpectRefused(Load("", {{"CAM_AUDIT_RECENT_DECISIONS", "99999999999999999999"}}),
                {"audit.recent_decisions", "integer"});
}

TEST(CamdConfigTest, RefusesMalformedYamlWithoutCrashing) {
  ExpectRefused(Load("grpc: [unclosed\n"), {"YAML"});
  ExpectRefused(Load("{grpc: 1\n"), {"YAML"});
  ExpectRefused(Load("a: b: c\n"), {"YAML error at line 1"});
  ExpectRefused(Load("grpc:\n  addr: 127.0.0.1:1\n http: 2\n"), {"YAML error at line 3"});
  ExpectRefused(Load("grpc:\n\taddr: 127.0.0.1:1\n"), {"YAML"});
  // Well-formed YAML of the wrong shape.
  ExpectRefused(Load("- data_dir\n- grpc.addr\n"), {"mapping"});
  ExpectRefused(Load("just text\n"), {"mapping"});
  ExpectRefused(Load("grpc:\n  addr: [127.0.0.1, 7443]\n"), {"grpc.addr", "scalar"});
  ExpectRefused(Load("grpc:\n  addr:\n"), {"grpc.addr"});
  ExpectRefused(Load("? [a, b]\n: c\n"), {});  // a key that is not a string
  // A repeated key is refused rather than the last one silently winning.
  ExpectRefused(Load("server:\n  worker_threads: 8\nserver:\n  worker_threads: 9\n"),
                {"duplicate", "server.worker_threads"});
  ExpectRefused(Load("grpc.addr: 127.0.0.1:1\ngrpc:\n  addr: 127.0.0.1:2\n"),
                {"duplicate", "grpc.addr"});
}

TEST(CamdConfigTest, RefusesAddressesThatAreNotHostPort) {
  for (const char* bad :
       {"localhost", "localhost:", ":7443", "host:65536", "host:-1", "host:http", "::1",
        "fe80::1:7443", "[::1]", "[::1]7443", "host:+80", "host: 80", "host:123456", ""}) {
    SCOPED_TRACE(bad);
    ExpectRefused(Load("grpc:\n  addr: \"" + std::string(bad) + "\"\n"), {"grpc.addr"});
    ExpectRefused(Load("", {{"CAM_HTTP_ADDR", bad}}), {"http.addr"});
  }
  for (const char* good : {"localhost:0", "0.0.0.0:65535", "[::1]:7443", "[::]:0"}) {
    SCOPED_TRACE(good);
    EXPECT_THAT(Load("", {{"CAM_GRPC_ADDR", good}, {"CAM_HTTP_ADDR", good}}), IsOk());
  }
}

}  // namespace
}  // namespace cam::daemon
