#include "base/reasons.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "tests/testing/status_matchers.h"

namespace cam::base {
namespace {

// Walks the whole table: codes are well-formed and unique, gRPC and HTTP codes agree in class,
// and public messages exist.
TEST(ReasonsTest, TableIsWellFormed) {
  const std::regex pattern("^CAM_[A-Z]+(_[A-Z0-9]+)+$");
  std::set<std::string_view> seen;
  for (const ReasonInfo& info : AllReasons()) {
    EXPECT_TRUE(std::regex_match(std::string(info.code), pattern)) << info.code;
    EXPECT_TRUE(seen.insert(info.code).second) << "duplicate " << info.code;
    EXPECT_NE(info.status_code, absl::StatusCode::kOk) << info.code;
    EXPECT_FALSE(info.public_message.empty()) << info.code;
    EXPECT_GE(info.http_status, 400) << info.code;
    EXPECT_LT(info.http_status, 600) << info.code;
    if (info.status_code == absl::StatusCode::kInvalidArgument) {
      EXPECT_EQ(info.http_status, 400) << info.code;
    }
    if (info.status_code == absl::StatusCode::kUnauthenticated) {
      EXPECT_EQ(info.http_status, 401) << info.code;
    }
  }
}

TEST(ReasonsTest, CasMismatchIsAbortedAnd409) {
  const ReasonInfo& info = Describe(Reason::kStoreCasMismatch);
  EXPECT_EQ(info.code, "CAM_STORE_CAS_MISMATCH");
  EXPECT_EQ(info.status_code, absl::StatusCode::kAborted);
  EXPECT_EQ(info.http_status, 409);
}

TEST(ReasonsTest, ErrorCarriesReasonAndKeepsDetailInternal) {
  absl::Status s = Error(Reason::kStoreUnavailable, "rocksdb: IO error /var/lib/x");
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(s, testing::HasReason("CAM_STORE_UNAVAILABLE"));
  ASSERT_TRUE(ReasonOf(s).has_value());
  EXPECT_EQ(*ReasonOf(s), Reason::kStoreUnavailable);
  EXPECT_EQ(s.message(), "rocksdb: IO error /var/lib/x");
}

TEST(ReasonsTest, PlainStatusMapsToGenericReason) {
  EXPECT_FALSE(ReasonOf(absl::InternalError("x")).has_value());
  EXPECT_EQ(ReasonForStatus(absl::InternalError("x")), Reason::kInternal);
  EXPECT_EQ(ReasonForStatus(absl::DeadlineExceededError("x")), Reason::kDeadlineExceeded);
  EXPECT_EQ(ReasonForStatus(absl::InvalidArgumentError("x")), Reason::kInternal);
}

}  // namespace
}  // namespace cam::base
