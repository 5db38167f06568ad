// The reporter turns tallied handshake failures into audit records, on a timer and at shutdown,
// and reports append errors instead of dropping them silently.
#include "daemon/handshake_failure_reporter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace cam::daemon {
namespace {

using ::testing::Contains;
using ::testing::Pair;

class RecordingSink : public audit::AuditSink {
 public:
  absl::Status Append(const audit::AuditRecord& record) override {
    absl::MutexLock lock(&mu_);
    if (!fail_.ok()) return fail_;
    records_.push_back(record);
    return absl::OkStatus();
  }
  std::vector<audit::AuditRecord> records() {
    absl::MutexLock lock(&mu_);
    return records_;
  }
  void FailWith(absl::Status status) {
    absl::MutexLock lock(&mu_);
    fail_ = std::move(status);
  }

 private:
  absl::Mutex mu_;
  absl::Status fail_;
  std::vector<audit::AuditRecord> records_;
};

TEST(HandshakeFailureReporterTest, OneRecordPerTransportAndKind) {
  transport::HandshakeFailureTally tally;
  RecordingSink sink;
  base::FakeClock clock(absl::FromUnixSeconds(1700000000));
  HandshakeFailureReporter reporter(&tally, &sink, &clock, absl::Hours(1), nullptr);
  for (int i = 0; i < 50; ++i) {
    tally.Record("http", transport::HandshakeFailure::kNoCertificate, "192.0.2.7");
  }
  tally.Record("grpc", transport::HandshakeFailure::kProtocolVersion, "");

  ASSERT_TRUE(reporter.Report().ok());
  const auto records = sink.records();
  ASSERT_EQ(records.size(), 2u);
  const audit::AuditRecord& grpc = records[0];
  EXPECT_EQ(grpc.transport, "grpc");
  EXPECT_EQ(grpc.outcome, "CAM_AUTH_TLS_HANDSHAKE_FAILED");
  EXPECT_EQ(grpc.action, "tls.handshake");
  EXPECT_EQ(grpc.peer, "");
  EXPECT_THAT(grpc.details, Contains(Pair("failure", "protocol_version")));
  EXPECT_THAT(grpc.details, Contains(Pair("sources", "unknown")));
  const audit::AuditRecord& http = records[1];
  EXPECT_EQ(http.transport, "http");
  EXPECT_EQ(http.peer, "192.0.2.7");  // one source: it is the peer
  EXPECT_EQ(http.time, clock.Now());
  EXPECT_THAT(http.details, Contains(Pair("failure", "no_certificate")));
  EXPECT_THAT(http.details, Contains(Pair("count", "50")));
  EXPECT_THAT(http.details, Contains(Pair("interval_ms", "3600000")));
  EXPECT_THAT(http.details, Contains(Pair("top_sources", "192.0.2.7=50")));
  EXPECT_NE(http.request_id, grpc.request_id);

  // Counted once: a second report has nothing new.
  ASSERT_TRUE(reporter.Report().ok());
  EXPECT_EQ(sink.records().size(), 2u);
}

TEST(HandshakeFailureReporterTest, ManySourcesNameNoSinglePeer) {
  transport::HandshakeFailureTally tally(/*max_sources=*/2);
  for (int i = 0; i < 5; ++i) {
    tally.Record("http", transport::HandshakeFailure::kUntrustedCertificate,
                 "198.51.100." + std::to_string(i));
  }
  const auto summaries = tally.Drain();
  ASSERT_EQ(summaries.size(), 1u);
  const audit::AuditRecord record =
      SummaryRecord(summaries[0], absl::UnixEpoch(), absl::Seconds(10));
  EXPECT_EQ(record.peer, "");
  EXPECT_THAT(record.details, Contains(Pair("distinct_sources", "2+")));
  EXPECT_THAT(record.details, Contains(Pair("count", "5")));
}

TEST(HandshakeFailureReporterTest, ReportsOnItsOwnAndOnceMoreWhenStopping) {
  transport::HandshakeFailureTally tally;
  RecordingSink sink;
  base::SystemClock clock;
  {
    HandshakeFailureReporter reporter(&tally, &sink, &clock, absl::Milliseconds(20), nullptr);
    tally.Record("http", transport::HandshakeFailure::kAborted, "192.0.2.1");
    // The timer writes it without anyone asking; wait (bounded) for that.
    for (int i = 0; i < 500 && sink.records().empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(sink.records().size(), 1u);
    tally.Record("http", transport::HandshakeFailure::kAborted, "192.0.2.2");
  }
  // Destroyed right after the second failure, before any timer could see it for certain: the
  // final report still writes it.
  const auto records = sink.records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].peer, "192.0.2.2");
}

TEST(HandshakeFailureReporterTest, AppendErrorsAreReported) {
  transport::HandshakeFailureTally tally;
  RecordingSink sink;
  sink.FailWith(absl::UnavailableError("disk full"));
  base::SystemClock clock;
  std::vector<std::string> errors;
  HandshakeFailureReporter reporter(
      &tally, &sink, &clock, absl::Hours(1),
      [&errors](const absl::Status& status) { errors.emplace_back(status.message()); });
  tally.Record("http", transport::HandshakeFailure::kNotTls, "192.0.2.3");
  EXPECT_EQ(reporter.Report().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(errors, std::vector<std::string>{"disk full"});
}

}  // namespace
}  // namespace cam::daemon
