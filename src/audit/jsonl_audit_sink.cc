#include "audit/jsonl_audit_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "audit/json_text.h"
#include "audit/utc_timestamp.h"
#include "base/one_shot.h"

namespace cam::audit {

absl::StatusOr<std::unique_ptr<JsonlAuditSink>> JsonlAuditSink::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return absl::UnavailableError("cannot open audit log");
  return std::unique_ptr<JsonlAuditSink>(new JsonlAuditSink(fd));
}

JsonlAuditSink::JsonlAuditSink(int fd) : fd_(fd), writer_([this] { WriteLoop(); }) {}

JsonlAuditSink::~JsonlAuditSink() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  queued_cv_.notify_one();
  writer_.join();
  ::close(fd_);
}

namespace {

// Appends `,"name":` (without the comma for the first member) for a name written in this file:
// plain ASCII, so it needs no escaping, and skipping the escaper saves a scan per member.
void AppendName(std::string& out, std::string_view literal_name) {
  if (out.back() != '{') out += ',';
  out += '"';
  out.append(literal_name);
  out.append("\":");
}

void AppendMember(std::string& out, std::string_view literal_name, std::string_view value) {
  AppendName(out, literal_name);
  AppendJsonString(out, value);
}

}  // namespace

std::string JsonlAuditSink::Encode(const AuditRecord& record) {
  std::string line;
  line.reserve(512);
  line += '{';
  AppendName(line, "time");
  line += '"';
  AppendUtcTimestamp(line, record.time);
  line += '"';
  AppendMember(line, "request_id", record.request_id);
  AppendMember(line, "transport", record.transport);
  AppendMember(line, "peer", record.peer);
  AppendMember(line, "principal", record.principal);
  AppendMember(line, "principal_kind", record.principal_kind);
  AppendMember(line, "tenant", record.tenant);
  AppendMember(line, "method", record.method);
  AppendMember(line, "action", record.action);
  AppendMember(line, "resource", record.resource);
  AppendMember(line, "decision", record.decision);
  if (!record.decision_id.empty()) {
    AppendMember(line, "decision_id", record.decision_id);
    AppendName(line, "allowed");
    line += record.allowed ? "true" : "false";
  }
  if (!record.matched_rules.empty()) {
    AppendName(line, "matched_rules");
    line += '[';
    for (const AuditRuleRef& rule : record.matched_rules) {
      if (line.back() != '[') line += ',';
      line += '{';
      AppendMember(line, "policy_id", rule.policy_id);
      AppendName(line, "policy_version");
      absl::StrAppend(&line, rule.policy_version);
      AppendMember(line, "rule_id", rule.rule_id);
      AppendMember(line, "effect", rule.effect);
      if (rule.shadow) {
        AppendName(line, "shadow");
        line += "true";
      }
      line += '}';
    }
    line += ']';
  }
  AppendMember(line, "outcome", record.outcome);
  AppendName(line, "details");
  line += '{';
  // A repeated detail name keeps its first place and its last value: a JSON object must not
  // carry a name twice.
  for (size_t d = 0; d < record.details.size(); ++d) {
    const std::string& name = record.details[d].first;
    bool seen = false;
    for (size_t e = 0; e < d && !seen; ++e) seen = record.details[e].first == name;
    if (seen) continue;
    const std::string* value = &record.details[d].second;
    for (size_t e = d + 1; e < record.details.size(); ++e) {
      if (record.details[e].first == name) value = &record.details[e].second;
    }
    // Detail names come from handlers, so unlike the names above they are escaped.
    if (line.back() != '{') line += ',';
    AppendJsonString(line, name);
    line += ':';
    AppendJsonString(line, *value);
  }
  line += "}}";
  return line;
}

absl::Status JsonlAuditSink::WriteAndSync(const std::string& batch) const {
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
  return base::AwaitStatus([&](AuditDone done) { AppendAsync(record, std::move(done)); });
}

void JsonlAuditSink::AppendAsync(const AuditRecord& record, AuditDone done) {
  std::string line = Encode(record);
  line.push_back('\n');
  absl::Status refused;
  AuditDone refused_done;
  {
    std::lock_guard lock(mu_);
    if (failure_.ok() && !stopping_) {
      pending_ += line;
      waiting_.push_back(std::move(done));
    } else {
      refused = failure_.ok() ? absl::UnavailableError("audit log closed") : failure_;
      refused_done = std::move(done);
    }
  }
  // Completions never run under the lock: they may append again.
  if (refused_done) {
    std::move(refused_done)(std::move(refused));
    return;
  }
  queued_cv_.notify_one();
}

void JsonlAuditSink::WriteLoop() {
  std::string batch;
  std::vector<AuditDone> completions;
  std::unique_lock lock(mu_);
  while (true) {
    queued_cv_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
    if (waiting_.empty()) return;  // stopping, and everything queued is completed
    batch.clear();
    batch.swap(pending_);
    completions.swap(waiting_);
    absl::Status status = failure_;
    lock.unlock();
    if (status.ok()) status = WriteAndSync(batch);
    if (!status.ok()) {
      std::lock_guard failed(mu_);
      if (failure_.ok()) failure_ = status;
    }
    // Completions run without the lock: they answer calls, and may queue records themselves.
    for (AuditDone& done : completions) std::move(done)(status);
    completions.clear();
    lock.lock();
  }
}

}  // namespace cam::audit
