#include "daemon/handshake_failure_reporter.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/random.h"
#include "base/reasons.h"

namespace cam::daemon {

audit::AuditRecord SummaryRecord(const transport::HandshakeFailureTally::Summary& summary,
                                 absl::Time now, absl::Duration interval) {
  audit::AuditRecord record;
  record.time = now;
  record.request_id = base::NewRequestId();
  record.transport = summary.transport;
  if (summary.distinct_sources == 1 && !summary.sources_truncated) {
    record.peer = summary.top_sources.front().first;
  }
  record.action = "tls.handshake";
  record.resource = "tls:handshake";
  record.outcome = std::string(base::Describe(base::Reason::kAuthTlsHandshakeFailed).code);
  record.details.emplace_back("failure", std::string(HandshakeFailureName(summary.failure)));
  record.details.emplace_back("count", std::to_string(summary.count));
  record.details.emplace_back("interval_ms", std::to_string(absl::ToInt64Milliseconds(interval)));
  if (summary.distinct_sources == 0) {
    // gRPC's core does not say who failed its handshake.
    record.details.emplace_back("sources", "unknown");
    return record;
  }
  record.details.emplace_back(
      "distinct_sources",
      absl::StrCat(summary.distinct_sources, summary.sources_truncated ? "+" : ""));
  std::string top;
  for (const auto& [source, count] : summary.top_sources) {
    absl::StrAppend(&top, top.empty() ? "" : ",", source, "=", count);
  }
  record.details.emplace_back("top_sources", std::move(top));
  return record;
}

HandshakeFailureReporter::HandshakeFailureReporter(transport::HandshakeFailureTally* tally,
                                                   audit::AuditSink* sink, const base::Clock* clock,
                                                   absl::Duration interval, OnError on_error)
    : tally_(tally),
      sink_(sink),
      clock_(clock),
      interval_(interval),
      on_error_(std::move(on_error)),
      thread_([this] { Run(); }) {}

HandshakeFailureReporter::~HandshakeFailureReporter() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
  Report().IgnoreError();  // errors were passed to on_error_
}

absl::Status HandshakeFailureReporter::Report() {
  absl::Status first_error;
  for (const auto& summary : tally_->Drain()) {
    absl::Status appended = sink_->Append(SummaryRecord(summary, clock_->Now(), interval_));
    if (!appended.ok()) {
      if (on_error_) on_error_(appended);
      if (first_error.ok()) first_error = appended;
    }
  }
  return first_error;
}

void HandshakeFailureReporter::Run() {
  absl::MutexLock lock(&mu_);
  while (true) {
    // Wakes early only to stop; the clock here is real time, whatever clock_ says.
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval_);
    if (stopping_) return;
    mu_.Unlock();
    Report().IgnoreError();
    mu_.Lock();
  }
}

}  // namespace cam::daemon
