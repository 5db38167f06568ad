// File: tests/unit/policy/policy_engine_test.cc
#include "policy/policy_engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "base/clock.h"
#include "base/reasons.h"
#include "policy_test_util.h"
#include "store/memory/memory_store.h"
#include "tests/testing/status_matchers.h"

namespace cam::policy {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;
using testing::Doc;
using testing::Request;

const PolicyUpdater kOps{.id = "ops-1", .tenant = "acme"};

cam::v1::PolicyDocument AllowReads() {
  return Doc(R"pb(policy_id: "base"
                  rules {
                    rule_id: "read"
                    effect: POLICY_EFFECT_ALLOW
                    principals {}
                    actions: "memory.read"
                    resources: "ns/team/**"
                  })pb");
}

cam::v1::PolicyDocument DenyReads() {
  return Doc(R"pb(policy_id: "lock"
                  rules {
                    rule_id: "no"
                    effect: POLICY_EFFECT_DENY
                    principals {}
                    actions: "memory.*"
                    resources: "ns/team/secret/**"
                  })pb");
}

class PolicyEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CAM_ASSERT_OK_AND_ASSIGN(engine_, PolicyEngine::Open(&memory_, &clock_));
  }

  store::MemoryStore memory_;
  base::FakeClock clock_{absl::FromUnixSeconds(1767225600)};
  std::unique_ptr<PolicyEngine> engine_;
};

TEST_F(PolicyEngineTest, StartsEmptyAndDeniesByDefault) {
  EXPECT_EQ(engine_->Current()->rule_count(), 0u);
  EXPECT_FALSE(
      engine_->Decide(Request("a", PrincipalKind::kAgent, "memory.read", "ns/team/k")).allowed);
}

TEST_F(PolicyEngineTest, UpdateSwapsTheSetAndDefaultsTheTenant) {
  const auto before = engine_->Current();
  CAM_ASSERT_OK_AND_ASSIGN(const cam::v1::PolicyDocument stored,
                           engine_->Update(AllowReads(), 0, kOps));
  EXPECT_EQ(stored.version(), 1);
  EXPECT_EQ(stored.tenant(), "acme");
  EXPECT_EQ(stored.updated_by(), "ops-1");
  EXPECT_NE(engine_->Current(), before);
  EXPECT_EQ(before->rule_count(), 0u);  // a holder of the old set keeps it, unchanged

  const AccessRequest read = Request("a", PrincipalKind::kAgent, "memory.read", "ns/team/secret/k");
  Decision decision = engine_->Decide(read);
  EXPECT_TRUE(decision.allowed);
  ASSERT_EQ(decision.matched_rules.size(), 1u);
  EXPECT_EQ(decision.matched_rules[0].policy_version, 1);  // the stored version

  CAM_ASSERT_OK(engine_->Update(DenyReads(), std::nullopt, kOps).status());
  decision = engine_->Decide(read);
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.DecidingRule(), "lock/no");

  // Another tenant's principal is not covered by acme's documents.
  AccessRequest other = Request("a", PrincipalKind::kAgent, "memory.read", "ns/team/k");
  other.tenant = "globex";
  EXPECT_FALSE(engine_->Decide(other).allowed);
}

TEST_F(PolicyEngineTest, InvalidDocumentChangesNothing) {
  CAM_ASSERT_OK(engine_->Update(AllowReads(), 0, kOps).status());
  const auto live = engine_->Current();
  cam::v1::PolicyDocument bad = AllowReads();
  bad.mutable_rules(0)->set_resources(0, "ns/team//x");
  const auto result = engine_->Update(bad, std::nullopt, kOps);
  ASSERT_THAT(result, HasReason("CAM_POLICY_INVALID"));
  EXPECT_EQ(base::FieldOf(result.status()), "rules[0].resources[0]");
  EXPECT_EQ(engine_->Current(), live);
  CAM_ASSERT_OK_AND_ASSIGN(const auto stored, engine_->Get("base"));
  EXPECT_EQ(stored.version(), 1);
  EXPECT_THAT(engine_->Get("base", 2), HasReason("CAM_POLICY_NOT_FOUND"));
  // Check (dry run) reports the same, and stores nothing even when valid.
  EXPECT_THAT(engine_->Check(bad, kOps), HasReason("CAM_POLICY_INVALID"));
  cam::v1::PolicyDocument fine = AllowReads();
  fine.set_description("dry");
  CAM_ASSERT_OK_AND_ASSIGN(const auto checked, engine_->Check(fine, kOps));
  EXPECT_EQ(checked.tenant(), "acme");
  CAM_ASSERT_OK_AND_ASSIGN(const auto still, engine_->Get("base"));
  EXPECT_EQ(still.description(), "");
  EXPECT_EQ(engine_->Current(), live);
}

TEST_F(PolicyEngineTest, VersionConflictChangesNothing) {
  CAM_ASSERT_OK(engine_->Update(AllowReads(), 0, kOps).status());
  const auto live = engine_->Current();
  EXPECT_THAT(engine_->Update(DenyReads(), 3, kOps), HasReason("CAM_POLICY_VERSION_CONFLICT"));
  EXPECT_THAT(engine_->Update(AllowReads(), 0, kOps), HasReason("CAM_POLICY_VERSION_CONFLICT"));
  EXPECT_EQ(engine_->Current(), live);
  EXPECT_THAT(engine_->Get("lock"), HasReason("CAM_POLICY_NOT_FOUND"));
  CAM_ASSERT_OK_AND_ASSIGN(const auto second, engine_->Update(AllowReads(), 1, kOps));
  EXPECT_EQ(second.version(), 2);
}

TEST_F(PolicyEngineTest, ReloadRestoresTheSameDecisions) {
  CAM_ASSERT_OK(engine_->Update(AllowReads(), 0, kOps).status());
  CAM_ASSERT_OK(engine_->Update(DenyReads(), 0, kOps).status());
  cam::v1::PolicyDocument shadow = Doc(R"pb(policy_id: "trial"
                                            enforcement: POLICY_ENFORCEMENT_SHADOW
                                            rules {
                                              rule_id: "t"
                                              effect: POLICY_EFFECT_DENY
                                              principals {}
                                              actions: "*"
                                              resources: "*"
                                            })pb");
  CAM_ASSERT_OK(engine_->Update(shadow, 0, kOps).status());
  CAM_ASSERT_OK(engine_->Update(AllowReads(), 1, kOps).status());  // base is now version 2

  CAM_ASSERT_OK_AND_ASSIGN(const std::unique_ptr<PolicyEngine> reloaded,
                           PolicyEngine::Open(&memory_, &clock_));
  EXPECT_EQ(reloaded->Current()->rule_count(), 3u);
  for (const char* resource : {"ns/team/k", "ns/team/secret/k", "ns/other/k"}) {
    const AccessRequest request = Request("a", PrincipalKind::kAgent, "memory.read", resource);
    EXPECT_EQ(reloaded->Decide(request), engine_->Decide(request)) << resource;
  }
  const Decision decision =
      reloaded->Decide(Request("a", PrincipalKind::kAgent, "memory.read", "ns/team/k"));
  ASSERT_EQ(decision.matched_rules.size(), 2u);
  EXPECT_EQ(decision.matched_rules[0].policy_version, 2);
  EXPECT_TRUE(decision.matched_rules[1].shadow);
}

TEST_F(PolicyEngineTest, OpenFailsClosedOnAStoredDocumentThatNoLongerCompiles) {
  // Written behind the engine's back, as an older or corrupt writer could.
  PolicyStore raw(&memory_, &clock_);
  cam::v1::PolicyDocument bad = AllowReads();
  bad.mutable_rules(0)->clear_effect();
  CAM_ASSERT_OK(raw.Put(bad, std::nullopt, "x").status());
  EXPECT_THAT(PolicyEngine::Open(&memory_, &clock_), HasReason("CAM_POLICY_INVALID"));
}

TEST_F(PolicyEngineTest, DecisionsDuringUpdatesSeeWholeSets) {
  // Two documents updated together flip between "allowed" and "denied"; a reader must never see
  // a torn set: every decision is one of the two outcomes with a consistent matched list.
  CAM_ASSERT_OK(engine_->Update(AllowReads(), 0, kOps).status());
  std::atomic<bool> stop{false};
  std::atomic<int> decisions{0};
  std::thread reader([&] {
    const AccessRequest request =
        Request("a", PrincipalKind::kAgent, "memory.read", "ns/team/secret/k");
    while (!stop.load()) {
      const Decision decision = engine_->Decide(request);
      if (decision.allowed) {
        EXPECT_EQ(decision.matched_rules.size(), 1u);
      } else {
        EXPECT_EQ(decision.reason, DecisionReason::kExplicitDeny);
        EXPECT_EQ(decision.matched_rules.size(), 2u);
      }
      decisions.fetch_add(1);
    }
  });
  cam::v1::PolicyDocument lock = DenyReads();
  for (int i = 0; i < 50; ++i) {
    if (i % 2 == 1) lock.mutable_rules(0)->set_resources(0, "ns/team/secret/**");
    if (i % 2 == 0) lock.mutable_rules(0)->set_resources(0, "ns/nowhere");
    CAM_ASSERT_OK(engine_->Update(lock, std::nullopt, kOps).status());
  }
  while (decisions.load() < 100) std::this_thread::yield();
  stop.store(true);
  reader.join();
}

}  // namespace
}  // namespace cam::policy
