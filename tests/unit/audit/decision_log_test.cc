#include "audit/decision_log.h"

#include <gtest/gtest.h>

#include <string>

namespace cam::audit {
namespace {

AuditRecord Decided(const std::string& decision_id, const std::string& request_id) {
  AuditRecord record;
  record.decision_id = decision_id;
  record.request_id = request_id;
  record.principal = "agent-1";
  return record;
}

TEST(DecisionLogTest, FindsByEitherIdAndIgnoresRecordsWithoutDecision) {
  DecisionLog log;
  log.Add(Decided("d1", "r1"));
  log.Add(Decided("", "r2"));  // a call refused before authorization: nothing to explain
  ASSERT_TRUE(log.FindByDecisionId("d1").has_value());
  EXPECT_EQ(log.FindByDecisionId("d1")->request_id, "r1");
  EXPECT_EQ(log.FindByRequestId("r1")->decision_id, "d1");
  EXPECT_FALSE(log.FindByRequestId("r2").has_value());
  EXPECT_FALSE(log.FindByDecisionId("").has_value());
  EXPECT_EQ(log.size(), 1u);
}

TEST(DecisionLogTest, ForgetsTheOldestBeyondCapacity) {
  DecisionLog log(/*capacity=*/3);
  for (int i = 0; i < 5; ++i) log.Add(Decided("d" + std::to_string(i), "r" + std::to_string(i)));
  EXPECT_EQ(log.size(), 3u);
  EXPECT_FALSE(log.FindByDecisionId("d0").has_value());
  EXPECT_FALSE(log.FindByRequestId("r1").has_value());
  for (int i = 2; i < 5; ++i) {
    EXPECT_TRUE(log.FindByDecisionId("d" + std::to_string(i)).has_value()) << i;
    EXPECT_EQ(log.FindByRequestId("r" + std::to_string(i))->decision_id, "d" + std::to_string(i));
  }
}

TEST(DecisionLogTest, AReusedRequestIdPointsAtTheNewestAndSurvivesTheOldOnesEviction) {
  DecisionLog log(/*capacity=*/2);
  log.Add(Decided("old", "same"));
  log.Add(Decided("new", "same"));
  EXPECT_EQ(log.FindByRequestId("same")->decision_id, "new");
  log.Add(Decided("third", "other"));  // evicts "old"
  EXPECT_EQ(log.FindByRequestId("same")->decision_id, "new");
  EXPECT_FALSE(log.FindByDecisionId("old").has_value());
}

}  // namespace
}  // namespace cam::audit
