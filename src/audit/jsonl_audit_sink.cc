#include "audit/jsonl_audit_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "absl/time/clock.h"

namespace cam::audit {

absl::StatusOr<std::unique_ptr<JsonlAuditSink>> JsonlAuditSink::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return absl::UnavailableError("cannot open audit log");
  return std::unique_ptr<JsonlAuditSink>(new JsonlAuditSink(fd));
}

JsonlAuditSink::~JsonlAuditSink() { ::close(fd_); }

std::string JsonlAuditSink::Encode(const AuditRecord& record) {
  nlohmann::ordered_json line;
  line["time"] = absl::FormatTime(absl::RFC3339_full, record.time, absl::UTCTimeZone());
  line["request_id"] = record.request_id;
  line["transport"] = record.transport;
  line["peer"] = record.peer;
  line["principal"] = record.principal;
  line["principal_kind"] = record.principal_kind;
  line["tenant"] = record.tenant;
  line["method"] = record.method;
  line["action"] = record.action;
  line["resource"] = record.resource;
  line["decision"] = record.decision;
  if (!record.decision_id.empty()) {
    line["decision_id"] = record.decision_id;
    line["allowed"] = record.allowed;
  }
  if (!record.matched_rules.empty()) {
    nlohmann::ordered_json rules = nlohmann::ordered_json::array();
    for (const AuditRuleRef& rule : record.matched_rules) {
      nlohmann::ordered_json entry;
      entry["policy_id"] = rule.policy_id;
      entry["policy_version"] = rule.policy_version;
      entry["rule_id"] = rule.rule_id;
      entry["effect"] = rule.effect;
      if (rule.shadow) entry["shadow"] = true;
      rules.push_back(std::move(entry));
    }
    line["matched_rules"] = std::move(rules);
  }
  line["outcome"] = record.outcome;
  nlohmann::ordered_json details = nlohmann::ordered_json::object();
  for (const auto& [key, value] : record.details) details[key] = value;
  line["details"] = std::move(details);
  // Replace invalid UTF-8 rather than throw: a record must never be lost to its own content.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

absl::Status JsonlAuditSink::WriteAndSync(const std::string& batch) {
  size_t done = 0;
  while (done < batch.size()) {
    const ssize_t n = ::write(fd_, batch.data() + done, batch.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError("audit write failed");
    }
    done += static_cast<size_t>(n);
  }
  if (::fdatasync(fd_) != 0) return absl::UnavailableError("audit sync failed");
  return absl::OkStatus();
}

absl::Status JsonlAuditSink::Append(const AuditRecord& record) {
  std::string line = Encode(record);
  line.push_back('\n');
  std::unique_lock<std::mutex> lock(mu_);
  if (!failure_.ok()) return failure_;
  pending_ += line;
  const uint64_t mine = ++enqueued_;
  while (synced_ < mine && failure_.ok()) {
    if (writing_) {
      synced_cv_.wait(lock);
      continue;
    }
    writing_ = true;
    std::string batch;
    batch.swap(pending_);
    const uint64_t upto = enqueued_;
    lock.unlock();
    absl::Status status = WriteAndSync(batch);
    lock.lock();
    writing_ = false;
    if (status.ok()) {
      synced_ = upto;
    } else {
      failure_ = status;
    }
    synced_cv_.notify_all();
  }
  return failure_.ok() ? absl::OkStatus() : failure_;
}

}  // namespace cam::audit
