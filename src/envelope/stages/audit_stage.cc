#include "envelope/stages/audit_stage.h"

#include <memory>
#include <utility>

#include "base/one_shot.h"
#include "base/reasons.h"
#include "envelope/method_table.h"

namespace cam::envelope {
namespace {

std::string_view TransportName(Transport transport) {
  switch (transport) {
    case Transport::kGrpc:
      return "grpc";
    case Transport::kHttp:
      return "http";
    default:
      return "in-process";
  }
}

}  // namespace

audit::AuditRecord AuditStage::RecordFor(const Call& call, const absl::Status& status,
                                         absl::Time now) {
  audit::AuditRecord record;
  record.time = now;
  record.request_id = call.request_id;
  record.transport = std::string(TransportName(call.transport));
  record.peer = call.peer.address;
  if (call.principal.has_value()) {
    record.principal = call.principal->id;
    record.principal_kind = std::string(PrincipalKindName(call.principal->kind));
    record.tenant = call.principal->tenant;
  }
  if (call.method != nullptr) {
    record.method = call.method->full_name;
    record.action = call.method->options.audit_event().empty() ? call.method->options.action()
                                                               : call.method->options.audit_event();
  }
  record.resource = !call.audit.resource.empty()       ? call.audit.resource
                    : !call.resource_namespace.empty() ? "ns/" + call.resource_namespace
                                                       : "";
  record.decision = call.decision.rule;
  record.decision_id = call.decision.decision_id;
  record.allowed = call.decision.allowed;
  for (const policy::MatchedRule& rule : call.decision.matched_rules) {
    record.matched_rules.push_back(
        {.policy_id = rule.policy_id,
         .policy_version = rule.policy_version,
         .rule_id = rule.rule_id,
         .effect = rule.effect == policy::Effect::kAllow ? "allow" : "deny",
         .shadow = rule.shadow});
  }
  record.outcome =
      status.ok() ? "OK" : std::string(base::Describe(base::ReasonForStatus(status)).code);
  record.details = call.audit.details;
  return record;
}

void AuditStage::OnResponse(Call& call, absl::Status& status) {
  status = base::AwaitStatus([&](Next next) { OnResponseAsync(call, status, std::move(next)); });
}

void AuditStage::OnResponseAsync(Call& call, absl::Status status, Next next) {
  // Shared, so the completion can hand the record to the decision log once it is durable.
  auto record = std::make_shared<audit::AuditRecord>(RecordFor(call, status, clock_->Now()));
  sink_->AppendAsync(*record, [this, record, status = std::move(status),
                               next = std::move(next)](const absl::Status& written) mutable {
    if (!written.ok()) {
      std::move(next)(base::Error(base::Reason::kAuditUnavailable, "audit append failed"));
      return;
    }
    if (decisions_ != nullptr) decisions_->Add(std::move(*record));
    std::move(next)(std::move(status));
  });
}

}  // namespace cam::envelope
