#include "audit/jsonl_audit_sink.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

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
