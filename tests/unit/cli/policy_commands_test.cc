// `camctl policy test`: the offline decision a policy author sees, with its exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/camctl_app.h"

namespace cam::cli {
namespace {

using ::testing::HasSubstr;

class PolicyTestCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("camctl-policy-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  std::pair<int, std::string> Run(std::vector<std::string> args) {
    std::ostringstream out, err;
    std::istringstream in;
    const CommandEnv env{
        .out = out,
        .err = err,
        .in = in,
        .getenv = [](std::string_view) -> std::optional<std::string> { return std::nullopt; },
        .dial = [](const ConnectionOptions&)
            -> absl::StatusOr<std::shared_ptr<grpc::ChannelInterface>> {
          return absl::UnavailableError("offline");
        }};
    const int code = RunCamctl(std::move(args), env);
    return {code, out.str() + err.str()};
  }

  std::filesystem::path dir_;
};

constexpr char kTeamPolicy[] = R"({
  "policyId": "team",
  "rules": [
    {"ruleId": "read-team", "effect": "POLICY_EFFECT_ALLOW",
     "principals": [{"id": "agent-*"}], "actions": ["memory.read"], "resources": ["ns/team/**"]},
    {"ruleId": "no-secrets", "effect": "POLICY_EFFECT_DENY",
     "principals": [{"id": "*"}], "actions": ["memory.*"], "resources": ["ns/team/secret/**"]}
  ]
})";

TEST_F(PolicyTestCommandTest, AllowDenyAndTheRulesThatDecided) {
  const std::string file = Write("team.json", kTeamPolicy);
  auto [allowed, out] = Run({"policy", "test", file, "--principal", "agent-7", "--action",
                             "memory.read", "--resource", "ns/team/notes/a"});
  EXPECT_EQ(allowed, 0) << out;
  EXPECT_THAT(out, HasSubstr("ALLOW (team/read-team)"));

  auto [denied, why] = Run({"policy", "test", file, "--principal", "agent-7", "--action",
                            "memory.read", "--resource", "ns/team/secret/key"});
  EXPECT_EQ(denied, 1) << why;
  EXPECT_THAT(why, HasSubstr("DENY (team/no-secrets)"));

  auto [unmatched, default_deny] =
      Run({"policy", "test", file, "--principal", "agent-7", "--action", "memory.write",
           "--resource", "ns/team/notes/a"});
  EXPECT_EQ(unmatched, 1);
  EXPECT_THAT(default_deny, HasSubstr("deny-by-default"));
}

TEST_F(PolicyTestCommandTest, InvalidDocumentsAreUsageErrorsWithTheirField) {
  const std::string bad = Write("bad.json", R"({"policyId": "team", "rules": [
    {"ruleId": "r", "effect": "POLICY_EFFECT_ALLOW", "principals": [{"id": "a"}],
     "actions": ["not an action"], "resources": ["ns/x"]}]})");
  auto [code, out] = Run(
      {"policy", "test", bad, "--principal", "a", "--action", "memory.read", "--resource", "ns/x"});
  EXPECT_EQ(code, 2);
  EXPECT_THAT(out, HasSubstr("CAM_POLICY_INVALID"));
  EXPECT_THAT(out, HasSubstr("rules[0].actions[0]"));
  const std::string not_json = Write("x.json", "{nope");
  EXPECT_EQ(Run({"policy", "test", not_json, "--principal", "a", "--action", "memory.read",
                 "--resource", "ns/x"})
                .first,
            2);
}

}  // namespace
}  // namespace cam::cli
