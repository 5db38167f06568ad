// File: tests/unit/policy/policy_store_test.cc
#include "policy/policy_store.h"

#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "policy_test_util.h"
#include "store/fault_injection/fault_injection_store.h"
#include "store/memory/memory_store.h"
#include "tests/testing/status_matchers.h"

namespace cam::policy {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;
using testing::Doc;

class PolicyStoreTest : public ::testing::Test {
 protected:
  store::MemoryStore memory_;
  store::FaultInjectionStore faults_{memory_};
  base::FakeClock clock_{absl::FromUnixSeconds(1767225600)};
  PolicyStore store_{&faults_, &clock_};
};

TEST_F(PolicyStoreTest, PutStampsVersionTimeAuthorAndDigest) {
  cam::v1::PolicyDocument input = Doc(R"pb(policy_id: "p"
                                           description: "one"
                                           version: 77
                                           sha256: "forged"
                                           updated_by: "mallory")pb");
  CAM_ASSERT_OK_AND_ASSIGN(const cam::v1::PolicyDocument first,
                           store_.Put(input, std::nullopt, "alice"));
  EXPECT_EQ(first.version(), 1);
  EXPECT_EQ(first.updated_by(), "alice");
  EXPECT_EQ(google::protobuf::util::TimeUtil::TimestampToSeconds(first.update_time()), 1767225600);
  EXPECT_EQ(first.sha256().size(), 64u);
  CAM_ASSERT_OK_AND_ASSIGN(const std::string recomputed, PolicyStore::CanonicalSha256(first));
  EXPECT_EQ(first.sha256(), recomputed);

  clock_.Advance(absl::Seconds(10));
  input.set_description("two");
  CAM_ASSERT_OK_AND_ASSIGN(const cam::v1::PolicyDocument second,
                           store_.Put(input, std::nullopt, "bob"));
  EXPECT_EQ(second.version(), 2);
  EXPECT_NE(second.sha256(), first.sha256());
  EXPECT_EQ(google::protobuf::util::TimeUtil::TimestampToSeconds(second.update_time()), 1767225610);

  // Every version stays readable; 0 is the latest.
  CAM_ASSERT_OK_AND_ASSIGN(const cam::v1::PolicyDocument latest, store_.Get("p"));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(latest, second));
  CAM_ASSERT_OK_AND_ASSIGN(const cam::v1::PolicyDocument old, store_.Get("p", 1));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(old, first));
  EXPECT_THAT(store_.Get("p", 3), HasReason("CAM_POLICY_NOT_FOUND"));
  EXPECT_THAT(store_.Get("q"), HasReason("CAM_POLICY_NOT_FOUND"));
}

TEST_F(PolicyStoreTest, DigestCoversContentAndIgnoresOnlyItself) {
  cam::v1::PolicyDocument document = Doc(R"pb(policy_id: "p" version: 1)pb");
  CAM_ASSERT_OK_AND_ASSIGN(const std::string a, PolicyStore::CanonicalSha256(document));
  document.set_sha256("anything");
  CAM_ASSERT_OK_AND_ASSIGN(const std::string b, PolicyStore::CanonicalSha256(document));
  EXPECT_EQ(a, b);
  document.set_version(2);
  CAM_ASSERT_OK_AND_ASSIGN(const std::string c, PolicyStore::CanonicalSha256(document));
  EXPECT_NE(a, c);
}

TEST_F(PolicyStoreTest, CheckAndSet) {
  const cam::v1::PolicyDocument document = Doc(R"pb(policy_id: "p")pb");
  EXPECT_THAT(store_.Put(document, 1, "a"), HasReason("CAM_POLICY_VERSION_CONFLICT"));
  CAM_ASSERT_OK_AND_ASSIGN(auto first, store_.Put(document, 0, "a"));
  EXPECT_EQ(first.version(), 1);
  EXPECT_THAT(store_.Put(document, 0, "a"), HasReason("CAM_POLICY_VERSION_CONFLICT"));
  EXPECT_THAT(store_.Put(document, 2, "a"), HasReason("CAM_POLICY_VERSION_CONFLICT"));
  CAM_ASSERT_OK_AND_ASSIGN(auto second, store_.Put(document, 1, "a"));
  EXPECT_EQ(second.version(), 2);
  CAM_ASSERT_OK_AND_ASSIGN(auto latest, store_.Get("p"));
  EXPECT_EQ(latest.version(), 2);
}

TEST_F(PolicyStoreTest, BeforeWriteCanRefuseAndNothingIsStored) {
  const cam::v1::PolicyDocument document = Doc(R"pb(policy_id: "p")pb");
  int64_t seen_version = 0;
  EXPECT_THAT(store_.Put(document, std::nullopt, "a", absl::InfiniteFuture(),
                         [&](const cam::v1::PolicyDocument& stamped) {
                           seen_version = stamped.version();
                           return absl::InvalidArgumentError("no");
                         }),
              ::cam::testing::StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(seen_version, 1);
  EXPECT_THAT(store_.Get("p"), HasReason("CAM_POLICY_NOT_FOUND"));
}

TEST_F(PolicyStoreTest, StoreFailuresAreReasonCodedAndWriteNothing) {
  const cam::v1::PolicyDocument document = Doc(R"pb(policy_id: "p")pb");
  faults_.FailNextWrites(1);
  EXPECT_THAT(store_.Put(document, std::nullopt, "a"), HasReason("CAM_STORE_UNAVAILABLE"));
  EXPECT_THAT(store_.Get("p"), HasReason("CAM_POLICY_NOT_FOUND"));
  faults_.FailNextReads(1, absl::DataLossError("bits"));
  EXPECT_THAT(store_.Get("p"), HasReason("CAM_STORE_CORRUPT"));
  EXPECT_THAT(store_.Put(document, std::nullopt, "a", absl::UnixEpoch()),
              HasReason("CAM_DEADLINE_EXCEEDED"));
}

TEST_F(PolicyStoreTest, CorruptRecordsAreReported) {
  CAM_ASSERT_OK(memory_.Put({}, "policy/h/p", "short"));
  EXPECT_THAT(store_.Get("p"), HasReason("CAM_STORE_CORRUPT"));
  EXPECT_THAT(store_.LoadAll(), HasReason("CAM_STORE_CORRUPT"));
  // A head naming a version that is not there.
  CAM_ASSERT_OK(memory_.Put({}, "policy/h/p", std::string("\0\0\0\0\0\0\0\x05", 8)));
  EXPECT_THAT(store_.LoadAll(), HasReason("CAM_STORE_CORRUPT"));
}

TEST_F(PolicyStoreTest, ListPagesInIdOrderAndLoadAllReturnsLatest) {
  std::vector<std::string> ids;
  for (int i = 0; i < 25; ++i) {
    const std::string id = absl::StrCat("pol-", 100 - i);  // inserted out of order
    ids.push_back(id);
    cam::v1::PolicyDocument document = Doc("policy_id: \"" + id + "\"");
    document.add_rules()->set_rule_id("r");
    CAM_ASSERT_OK(store_.Put(document, std::nullopt, "a").status());
    if (i % 5 == 0) {
      CAM_ASSERT_OK(store_.Put(document, std::nullopt, "a").status());
    }
  }
  std::sort(ids.begin(), ids.end());

  std::vector<std::string> listed;
  std::string token;
  int pages = 0;
  do {
    CAM_ASSERT_OK_AND_ASSIGN(const PolicyStore::ListPage page, store_.List(10, token));
    for (const cam::v1::PolicySummary& summary : page.policies) {
      listed.push_back(summary.policy_id());
      EXPECT_EQ(summary.rule_count(), 1);
      EXPECT_EQ(summary.sha256().size(), 64u);
    }
    token = page.next_page_token;
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(listed, ids);

  CAM_ASSERT_OK_AND_ASSIGN(const auto all, store_.LoadAll());
  ASSERT_EQ(all.size(), 25u);
  int second_versions = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].policy_id(), ids[i]);
    second_versions += all[i].version() == 2 ? 1 : 0;
  }
  EXPECT_EQ(second_versions, 5);

  CAM_ASSERT_OK_AND_ASSIGN(const PolicyStore::ListPage whole, store_.List(0, ""));
  EXPECT_EQ(whole.policies.size(), 25u);
  EXPECT_TRUE(whole.next_page_token.empty());
  EXPECT_THAT(store_.List(10, "garbage"), HasReason("CAM_VALIDATION_PAGE_TOKEN"));
  EXPECT_THAT(store_.List(10, "pl1.zz"), HasReason("CAM_VALIDATION_PAGE_TOKEN"));
  EXPECT_THAT(store_.List(1001, ""), HasReason("CAM_VALIDATION_OUT_OF_RANGE"));
  EXPECT_THAT(store_.List(-1, ""), HasReason("CAM_VALIDATION_OUT_OF_RANGE"));
}

}  // namespace
}  // namespace cam::policy
