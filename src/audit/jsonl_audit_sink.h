// File: audit/jsonl_audit_sink.h
// JsonlAuditSink appends one JSON object per line to an append-only file and makes it durable
// (fdatasync) before a record counts as written. One writer thread does the I/O: it takes every
// record queued since its last sync, writes and syncs them together (group commit), then runs
// their completions. AppendAsync callers therefore hold no thread while the disk syncs; Append
// waits for its own record. Completions run on the writer thread, so one must never wait for
// another record of the same sink (a synchronous Append from a completion would wait forever).
// After a failed write the sink stays failed (fail closed) until the process restarts: every
// record queued or appended afterwards completes with the error.
// Destruction writes and completes everything already queued. Safe for concurrent use.
#ifndef CAM_AUDIT_JSONL_AUDIT_SINK_H_
#define CAM_AUDIT_JSONL_AUDIT_SINK_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

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
  void AppendAsync(const AuditRecord& record, AuditDone done) override;

  // Encode returns the JSON line (without newline) for a record.
  static std::string Encode(const AuditRecord& record);

 private:
  explicit JsonlAuditSink(int fd);
  void WriteLoop();
  absl::Status WriteAndSync(const std::string& batch) const;

  const int fd_;
  std::mutex mu_;
  std::condition_variable queued_cv_;
  std::string pending_;             // lines queued but not yet written
  std::vector<AuditDone> waiting_;  // their completions, in the same order
  bool stopping_ = false;
  absl::Status failure_;  // sticky: set on the first failed write
  std::thread writer_;    // last member: it starts once the others exist
};

}  // namespace cam::audit

#endif  // CAM_AUDIT_JSONL_AUDIT_SINK_H_
