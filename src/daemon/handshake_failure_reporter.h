// File: daemon/handshake_failure_reporter.h
// HandshakeFailureReporter turns the handshake-failure tally into audit records: every interval,
// one record per transport and kind of failure that happened in it (with the count and the
// busiest sources), and a last one when camd stops. The audit log thus sees every failed
// handshake while an unauthenticated flood costs at most a few appends per interval.
#ifndef CAM_DAEMON_HANDSHAKE_FAILURE_REPORTER_H_
#define CAM_DAEMON_HANDSHAKE_FAILURE_REPORTER_H_

#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "audit/audit_record.h"
#include "base/clock.h"
#include "transport/tls/handshake_failures.h"

namespace cam::daemon {

class HandshakeFailureReporter {
 public:
  // Called when an append fails (the failures stay counted in that summary's record only).
  using OnError = std::function<void(const absl::Status&)>;

  // Starts the reporting thread. `tally`, `sink` and `clock` are not owned and must outlive this.
  HandshakeFailureReporter(transport::HandshakeFailureTally* tally, audit::AuditSink* sink,
                           const base::Clock* clock, absl::Duration interval, OnError on_error);
  // Stops the thread and writes what was counted since the last report.
  ~HandshakeFailureReporter();
  HandshakeFailureReporter(const HandshakeFailureReporter&) = delete;
  HandshakeFailureReporter& operator=(const HandshakeFailureReporter&) = delete;

  // Report writes what was counted since the last report now; the first append error, if any.
  absl::Status Report();

 private:
  void Run();

  transport::HandshakeFailureTally* const tally_;
  audit::AuditSink* const sink_;
  const base::Clock* const clock_;
  const absl::Duration interval_;
  const OnError on_error_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

// SummaryRecord is the audit record of one summary (exposed for tests).
audit::AuditRecord SummaryRecord(const transport::HandshakeFailureTally::Summary& summary,
                                 absl::Time now, absl::Duration interval);

}  // namespace cam::daemon

#endif  // CAM_DAEMON_HANDSHAKE_FAILURE_REPORTER_H_
