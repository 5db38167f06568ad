// File: bench/policy/bench_policy.cc
// Policy decision latency with 1,000 rules of realistic shape: 300 agents each with their own
// namespace rules, team-wide rules, operator and service rules by kind and scope, deny rules on
// secret namespaces, conditions, source networks, time windows and a shadow document.
//
//   bench_policy --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "policy/access_request.h"
#include "policy/compiled_policy_set.h"
#include "policy/policy_compiler.h"

namespace cam::policy {
namespace {

constexpr int kAgents = 300;
constexpr int kTeams = 20;

std::vector<cam::v1::PolicyDocument> RealisticDocuments() {
  std::vector<cam::v1::PolicyDocument> documents;
  int rules = 0;
  auto document = [&](const std::string& id) -> cam::v1::PolicyDocument& {
    cam::v1::PolicyDocument& doc = documents.emplace_back();
    doc.set_policy_id(id);
    doc.set_version(1);
    doc.set_tenant("acme");
    return doc;
  };
  // 600 agent rules in 6 documents: each agent reads and writes its own keys in its team's
  // namespace, and reads the team's shared keys.
  for (int d = 0; d < 6; ++d) {
    cam::v1::PolicyDocument& doc = document(absl::StrCat("agents-", d));
    for (int a = d * 50; a < (d + 1) * 50; ++a) {
      const int team = a % kTeams;
      cam::v1::PolicyRule* own = doc.add_rules();
      own->set_rule_id(absl::StrCat("own-", a));
      own->set_effect(cam::v1::POLICY_EFFECT_ALLOW);
      auto* matcher = own->add_principals();
      matcher->set_kind(cam::v1::PRINCIPAL_KIND_AGENT);
      matcher->set_id(absl::StrCat("agent-", a));
      own->add_actions("memory.read");
      own->add_actions("memory.write");
      own->add_actions("memory.delete");
      own->add_resources(absl::StrCat("ns/team-", team, "/agent-", a, "/**"));
      cam::v1::PolicyRule* shared = doc.add_rules();
      shared->set_rule_id(absl::StrCat("shared-", a));
      shared->set_effect(cam::v1::POLICY_EFFECT_ALLOW);
      shared->add_principals()->set_id(absl::StrCat("agent-", a));
      shared->add_actions("memory.read");
      shared->add_actions("memory.list");
      shared->add_resources(absl::StrCat("ns/team-", team, "/shared/*"));
      shared->add_resources(absl::StrCat("ns/team-", team));
      rules += 2;
    }
  }
  // 200 team rules: agent-id globs per team, with conditions and networks.
  cam::v1::PolicyDocument& teams = document("teams");
  for (int i = 0; i < 200; ++i) {
    const int team = i % kTeams;
    cam::v1::PolicyRule* rule = teams.add_rules();
    rule->set_rule_id(absl::StrCat("team-", i));
    rule->set_effect(cam::v1::POLICY_EFFECT_ALLOW);
    rule->add_principals()->set_id(absl::StrCat("agent-", i % 10, "*"));
    rule->add_actions(i % 2 == 0 ? "agents.*" : "tasks.*");
    rule->add_resources(absl::StrCat("agent/agent-", i % 10, "*"));
    rule->add_resources(absl::StrCat("task/team-", team, "-*"));
    auto* condition = rule->add_conditions();
    condition->set_key("claims.dept");
    condition->set_op(cam::v1::CONDITION_OPERATOR_EQUALS);
    condition->add_values(absl::StrCat("dept-", team));
    if (i % 4 == 0) rule->add_source_cidrs("10.0.0.0/8");
  }
  rules += 200;
  // 100 deny rules: secret namespaces, off-hours writes, and untrusted networks.
  cam::v1::PolicyDocument& guard = document("guard");
  for (int i = 0; i < 100; ++i) {
    cam::v1::PolicyRule* rule = guard.add_rules();
    rule->set_rule_id(absl::StrCat("deny-", i));
    rule->set_effect(cam::v1::POLICY_EFFECT_DENY);
    rule->add_principals()->set_kind(cam::v1::PRINCIPAL_KIND_AGENT);
    if (i < 60) {
      rule->add_actions("memory.*");
      rule->add_resources(absl::StrCat("ns/team-", i % kTeams, "/secret-", i, "/**"));
    } else if (i < 80) {
      rule->add_actions("memory.write");
      rule->add_resources(absl::StrCat("ns/team-", i % kTeams, "/**"));
      auto* window = rule->mutable_time_window();
      window->set_daily_start_minute(1380);  // 23:00-05:00 Paris
      window->set_daily_end_minute(300);
      window->set_time_zone("Europe/Paris");
    } else {
      rule->add_actions(absl::StrCat(i % 2 == 0 ? "crypto" : "drivers", ".*"));
      rule->add_resources("*");
      auto* condition = rule->add_conditions();
      condition->set_key("claims.risk");
      condition->set_op(cam::v1::CONDITION_OPERATOR_GREATER_THAN);
      condition->add_values(absl::StrCat(0.5 + i / 200.0));
    }
  }
  rules += 100;
  // 50 operator and service rules by kind and scope.
  cam::v1::PolicyDocument& ops = document("operators");
  for (int i = 0; i < 50; ++i) {
    cam::v1::PolicyRule* rule = ops.add_rules();
    rule->set_rule_id(absl::StrCat("ops-", i));
    rule->set_effect(cam::v1::POLICY_EFFECT_ALLOW);
    auto* matcher = rule->add_principals();
    matcher->set_kind(i % 2 == 0 ? cam::v1::PRINCIPAL_KIND_OPERATOR
                                 : cam::v1::PRINCIPAL_KIND_SERVICE);
    matcher->add_scopes(absl::StrCat("scope-", i % 5));
    rule->add_actions(i % 3 == 0 ? "policy.*" : (i % 3 == 1 ? "audit.*" : "observe.health"));
    rule->add_resources("*");
    auto* condition = rule->add_conditions();
    condition->set_key("claims.amr");
    condition->set_op(cam::v1::CONDITION_OPERATOR_CONTAINS_ALL);
    condition->add_values("mtls");
  }
  rules += 50;
  // 50 shadow rules: a trial lockdown being evaluated on live traffic.
  cam::v1::PolicyDocument& trial = document("trial");
  trial.set_enforcement(cam::v1::POLICY_ENFORCEMENT_SHADOW);
  for (int i = 0; i < 1000 - rules; ++i) {
    cam::v1::PolicyRule* rule = trial.add_rules();
    rule->set_rule_id(absl::StrCat("trial-", i));
    rule->set_effect(cam::v1::POLICY_EFFECT_DENY);
    rule->add_principals()->set_id(absl::StrCat("agent-", i * 6));
    rule->add_actions("memory.delete");
    rule->add_resources("ns/**");
  }
  return documents;
}

std::shared_ptr<const CompiledPolicySet> Set() {
  static const std::shared_ptr<const CompiledPolicySet> set = [] {
    auto compiled = CompilePolicySet(RealisticDocuments());
    if (!compiled.ok() || (*compiled)->rule_count() != 1000) std::abort();
    return *compiled;
  }();
  return set;
}

AccessRequest AgentRequest(int agent, std::string action, std::string resource) {
  AccessRequest request;
  request.principal_id = absl::StrCat("agent-", agent);
  request.principal_kind = PrincipalKind::kAgent;
  request.tenant = "acme";
  request.scopes = {"memory"};
  request.claims["dept"] = {absl::StrCat("dept-", agent % kTeams)};
  request.claims["amr"] = {"mtls", "token"};
  request.claims["risk"] = {"0.1"};
  request.action = std::move(action);
  request.resource = std::move(resource);
  request.source_address = "10.1.2.3";
  request.time = absl::FromUnixSeconds(1767261600);  // 2026-01-01 10:00 UTC
  return request;
}

void Run(benchmark::State& state, const AccessRequest& request, bool expect_allowed) {
  const auto set = Set();
  if (set->Decide(request).allowed != expect_allowed) {
    state.SkipWithError("unexpected decision");
    return;
  }
  for (auto _ : state) {
    Decision decision = set->Decide(request);
    benchmark::DoNotOptimize(decision);
  }
}

void BM_DecideAllowedOwnKey(benchmark::State& state) {
  Run(state, AgentRequest(42, "memory.write", "ns/team-2/agent-42/notes/today"), true);
}
BENCHMARK(BM_DecideAllowedOwnKey);

void BM_DecideAllowedTeamGlob(benchmark::State& state) {
  // agent-22 is in team 2 (dept-2) and matches rule team-2's `agent-2*` glob.
  Run(state, AgentRequest(22, "agents.communicate", "agent/agent-25"), true);
}
BENCHMARK(BM_DecideAllowedTeamGlob);

void BM_DecideExplicitDeny(benchmark::State& state) {
  // Allowed by the agent's own rule, denied by a secret-namespace rule.
  Run(state, AgentRequest(42, "memory.read", "ns/team-2/secret-42/key"), false);
}
BENCHMARK(BM_DecideExplicitDeny);

void BM_DecideDefaultDeny(benchmark::State& state) {
  Run(state, AgentRequest(42, "memory.write", "ns/team-3/agent-43/notes"), false);
}
BENCHMARK(BM_DecideDefaultDeny);

void BM_DecideMixed(benchmark::State& state) {
  const auto set = Set();
  std::mt19937 rng(7);
  std::vector<AccessRequest> requests;
  const char* actions[] = {"memory.read",        "memory.write",  "memory.list",
                           "agents.communicate", "policy.update", "crypto.sign"};
  for (int i = 0; i < 1024; ++i) {
    const int agent = static_cast<int>(rng() % kAgents);
    const int team = static_cast<int>(rng() % 3 == 0 ? rng() % kTeams : agent % kTeams);
    requests.push_back(AgentRequest(agent, actions[rng() % 6],
                                    absl::StrCat("ns/team-", team, "/agent-", agent, "/k")));
  }
  size_t i = 0;
  for (auto _ : state) {
    Decision decision = set->Decide(requests[i++ & 1023]);
    benchmark::DoNotOptimize(decision);
  }
}
BENCHMARK(BM_DecideMixed);

void BM_DecideByScanForComparison(benchmark::State& state) {
  const auto set = Set();
  const AccessRequest request = AgentRequest(42, "memory.write", "ns/team-2/agent-42/notes/today");
  for (auto _ : state) {
    Decision decision = set->DecideByScan(request);
    benchmark::DoNotOptimize(decision);
  }
}
BENCHMARK(BM_DecideByScanForComparison);

}  // namespace
}  // namespace cam::policy

BENCHMARK_MAIN();
