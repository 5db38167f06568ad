#include "audit/jsonl_audit_sink.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "absl/time/time.h"
#include "base/one_shot.h"
#include "tests/testing/status_matchers.h"

namespace cam::audit {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          (name + "-" + std::to_string(::getpid()) + ".jsonl"))
      .string();
}

TEST(JsonlAuditSinkTest, ConcurrentAppendsAllLandAsValidLines) {
  const std::string path = TempPath("audit-concurrent");
  std::filesystem::remove(path);
  auto sink = JsonlAuditSink::Open(path);
  ASSERT_TRUE(sink.ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        AuditRecord record;
        record.request_id = std::to_string(t) + "-" + std::to_string(i);
        record.resource = "ns/a/\"quoted\"\n\xff";  // hostile content stays one valid line
        record.outcome = "OK";
        EXPECT_THAT((*sink)->Append(record), ::cam::testing::IsOk());
      }
    });
  }
  for (auto& t : threads) t.join();
  std::ifstream in(path);
  std::set<std::string> ids;
  std::string line;
  while (std::getline(in, line)) {
    auto json = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(json.is_discarded()) << line;
    ids.insert(json["request_id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), 400u);
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  std::filesystem::remove(path);
}

TEST(JsonlAuditSinkTest, WriteFailureFailsClosedAndStaysFailed) {
  // /dev/full accepts open but fails every write with ENOSPC.
  auto sink = JsonlAuditSink::Open("/dev/full");
  ASSERT_TRUE(sink.ok());
  AuditRecord record;
  EXPECT_FALSE((*sink)->Append(record).ok());
  EXPECT_FALSE((*sink)->Append(record).ok());
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(JsonlAuditSinkTest, AsyncCompletionsRunOnceEachAfterTheirRecordIsInTheFile) {
  const std::string path = TempPath("audit-async");
  std::filesystem::remove(path);
  auto sink = JsonlAuditSink::Open(path);
  ASSERT_TRUE(sink.ok());
  constexpr int kThreads = 4;
  constexpr int kPerThread = 100;
  std::mutex mu;
  std::map<std::string, int> completions;  // request id -> times its completion ran
  std::vector<std::string> missing_at_completion;
  std::atomic<int> pending{kThreads * kPerThread};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        AuditRecord record;
        record.request_id = "req-" + std::to_string(t) + "-" + std::to_string(i);
        const std::string id = record.request_id;
        (*sink)->AppendAsync(record, [&, id](absl::Status status) {
          EXPECT_THAT(status, ::cam::testing::IsOk());
          // Durable before completion: the line is already in the file.
          const bool present = ReadAll(path).find("\"" + id + "\"") != std::string::npos;
          std::lock_guard lock(mu);
          ++completions[id];
          if (!present) missing_at_completion.push_back(id);
          pending.fetch_sub(1);
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  sink->reset();  // drains: every queued record is written and completed first
  EXPECT_EQ(pending.load(), 0);
  EXPECT_EQ(completions.size(), static_cast<size_t>(kThreads * kPerThread));
  for (const auto& [id, count] : completions) EXPECT_EQ(count, 1) << id;
  EXPECT_TRUE(missing_at_completion.empty()) << missing_at_completion.front();
  std::filesystem::remove(path);
}

TEST(JsonlAuditSinkTest, AsyncAppendsAfterAFailureCompleteWithTheError) {
  auto sink = JsonlAuditSink::Open("/dev/full");
  ASSERT_TRUE(sink.ok());
  AuditRecord record;
  base::OneShot<absl::Status> first;
  (*sink)->AppendAsync(record, [&first](absl::Status status) { first.Set(std::move(status)); });
  EXPECT_EQ(first.Wait().code(), absl::StatusCode::kUnavailable);
  // The sink is failed now: a later record completes at once, on the caller's thread.
  bool completed = false;
  absl::Status second;
  (*sink)->AppendAsync(record, [&](absl::Status status) {
    completed = true;
    second = std::move(status);
  });
  EXPECT_TRUE(completed);
  EXPECT_EQ(second.code(), absl::StatusCode::kUnavailable);
}

// The DOM-based encoding camd used before Encode wrote text directly: the oracle for byte-equal
// output, so audit lines read the same to every consumer as before.
std::string DomEncode(const AuditRecord& record) {
  nlohmann::ordered_json line;
  line["time"] = absl::FormatTime(absl::RFC3339_full, record.time, absl::UTCTimeZone());
  line["request_id"] = record.request_id;
  line["transport"] = record.transport;
  line["peer"] = record.peer;
  line["principal"] = record.principal;
  line["principal_kind"] = record.principal_kind;
  line["tenant"] = record.tenant;
  line["method"] = record.method;
  line["action"] = record.action;
  line["resource"] = record.resource;
  line["decision"] = record.decision;
  if (!record.decision_id.empty()) {
    line["decision_id"] = record.decision_id;
    line["allowed"] = record.allowed;
  }
  if (!record.matched_rules.empty()) {
    nlohmann::ordered_json rules = nlohmann::ordered_json::array();
    for (const AuditRuleRef& rule : record.matched_rules) {
      nlohmann::ordered_json entry;
      entry["policy_id"] = rule.policy_id;
      entry["policy_version"] = rule.policy_version;
      entry["rule_id"] = rule.rule_id;
      entry["effect"] = rule.effect;
      if (rule.shadow) entry["shadow"] = true;
      rules.push_back(std::move(entry));
    }
    line["matched_rules"] = std::move(rules);
  }
  line["outcome"] = record.outcome;
  nlohmann::ordered_json details = nlohmann::ordered_json::object();
  for (const auto& [key, value] : record.details) details[key] = value;
  line["details"] = std::move(details);
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonlAuditSinkTest, EncodeMatchesTheDomEncodingByteForByte) {
  std::mt19937 rng(7);
  const std::vector<std::string> words = {
      "", "a", "ns/team-a/k", "\"q\"\n", "\xff\xc3(", "caf\xc3\xa9", std::string("\x00\x01", 2),
      "x"};
  auto word = [&] { return words[rng() % words.size()]; };
  for (int round = 0; round < 2000; ++round) {
    AuditRecord record;
    record.time = absl::FromUnixMicros(static_cast<int64_t>(rng()) * 1000 + rng() % 1000);
    record.request_id = word();
    record.transport = word();
    record.peer = word();
    record.principal = word();
    record.principal_kind = word();
    record.tenant = word();
    record.method = word();
    record.action = word();
    record.resource = word();
    record.decision = word();
    record.decision_id = word();
    record.allowed = rng() % 2 == 0;
    for (int r = static_cast<int>(rng() % 3); r > 0; --r) {
      record.matched_rules.push_back({.policy_id = word(),
                                      .policy_version = static_cast<int64_t>(rng()) - (1LL << 31),
                                      .rule_id = word(),
                                      .effect = word(),
                                      .shadow = rng() % 2 == 0});
    }
    record.outcome = word();
    for (int d = static_cast<int>(rng() % 4); d > 0; --d)
      record.details.emplace_back(word(), word());
    ASSERT_EQ(JsonlAuditSink::Encode(record), DomEncode(record)) << "round " << round;
  }
}

TEST(JsonlAuditSinkTest, DecisionsCarryTheirIdOutcomeAndMatchedRules) {
  AuditRecord record;
  record.decision = "lock/no";
  record.decision_id = "abc123";
  record.allowed = false;
  record.matched_rules.push_back(
      {.policy_id = "lock", .policy_version = 3, .rule_id = "no", .effect = "deny"});
  record.matched_rules.push_back({.policy_id = "trial",
                                  .policy_version = 1,
                                  .rule_id = "r",
                                  .effect = "allow",
                                  .shadow = true});
  const auto json = nlohmann::json::parse(JsonlAuditSink::Encode(record));
  EXPECT_EQ(json["decision_id"], "abc123");
  EXPECT_EQ(json["allowed"], false);
  ASSERT_EQ(json["matched_rules"].size(), 2u);
  EXPECT_EQ(json["matched_rules"][0]["policy_version"], 3);
  EXPECT_EQ(json["matched_rules"][0]["effect"], "deny");
  EXPECT_FALSE(json["matched_rules"][0].contains("shadow"));
  EXPECT_EQ(json["matched_rules"][1]["shadow"], true);

  // A call refused before any decision has neither field.
  const auto bare = nlohmann::json::parse(JsonlAuditSink::Encode(AuditRecord{}));
  EXPECT_FALSE(bare.contains("decision_id"));
  EXPECT_FALSE(bare.contains("matched_rules"));
}

}  // namespace
}  // namespace cam::audit
