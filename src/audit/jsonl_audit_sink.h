// File: audit/jsonl_audit_sink.h
// JsonlAuditSink appends one JSON object per line to an append-only file and makes it durable
// (fdatasync) before Append returns. Concurrent appenders share syncs: the first waiter writes
// and syncs everything queued so far (group commit), the others wait for it.
// After a failed write the sink stays failed (fail closed) until the process restarts.
// Safe for concurrent use.
#ifndef CAM_AUDIT_JSONL_AUDIT_SINK_H_
#define CAM_AUDIT_JSONL_AUDIT_SINK_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "audit/audit_record.h"

namespace cam::audit {

class JsonlAuditSink final : public AuditSink {
 public:
  // Open creates the file (mode 0600) if needed and appends to it.
  static absl::StatusOr<std::unique_ptr<JsonlAuditSink>> Open(const std::string& path);
  ~JsonlAuditSink() override;
  JsonlAuditSink(const JsonlAuditSink&) = delete;
  JsonlAuditSink& operator=(const JsonlAuditSink&) = delete;

  absl::Status Append(const AuditRecord& record) override;

  // Encode returns the JSON line (without newline) for a record.
  static std::string Encode(const AuditRecord& record);

 private:
  explicit JsonlAuditSink(int fd) : fd_(fd) {}
  absl::Status WriteAndSync(const std::string& batch);

  const int fd_;
  std::mutex mu_;
  std::condition_variable synced_cv_;
  std::string pending_;    // lines queued but not yet written
  uint64_t enqueued_ = 0;  // sequence number of the last queued record
  uint64_t synced_ = 0;    // sequence number of the last durable record
  bool writing_ = false;   // a leader is writing a batch
  absl::Status failure_;   // sticky: set on the first failed write
};

}  // namespace cam::audit

#endif  // CAM_AUDIT_JSONL_AUDIT_SINK_H_
