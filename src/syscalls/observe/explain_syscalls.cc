#include "syscalls/observe/explain_syscalls.h"

#include <google/protobuf/util/time_util.h>

#include <optional>

#include "base/reasons.h"
#include "base/status_macros.h"

namespace cam::syscalls {
namespace {

v1::PrincipalKind KindToProto(const std::string& kind) {
  if (kind == "operator") return v1::PRINCIPAL_KIND_OPERATOR;
  if (kind == "service") return v1::PRINCIPAL_KIND_SERVICE;
  if (kind == "agent") return v1::PRINCIPAL_KIND_AGENT;
  return v1::PRINCIPAL_KIND_UNSPECIFIED;
}

// Whether `caller` may see a decision about the principal named in `record`.
bool MaySee(const envelope::Principal& caller, const audit::AuditRecord& record) {
  if (record.tenant != caller.tenant) return false;
  if (caller.is_operator()) return true;
  return record.principal == caller.id &&
         record.principal_kind == envelope::PrincipalKindName(caller.kind);
}

}  // namespace

v1::DecisionRecord DecisionRecordFor(const audit::AuditRecord& record) {
  v1::DecisionRecord out;
  out.set_decision_id(record.decision_id);
  out.set_request_id(record.request_id);
  out.set_kind(v1::DECISION_KIND_AUTHORIZATION);
  *out.mutable_decide_time() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(record.time));
  out.set_principal_id(record.principal);
  out.set_principal_kind(KindToProto(record.principal_kind));
  out.set_tenant(record.tenant);
  out.set_action(record.action);
  out.set_resource(record.resource);
  out.set_allowed(record.allowed);
  bool enforced_deny = false;
  for (const audit::AuditRuleRef& rule : record.matched_rules) {
    v1::PolicyRuleRef* ref = rule.shadow ? out.add_shadow_matched_rules() : out.add_matched_rules();
    ref->set_policy_id(rule.policy_id);
    ref->set_policy_version(rule.policy_version);
    ref->set_rule_id(rule.rule_id);
    ref->set_effect(rule.effect == "allow" ? v1::POLICY_EFFECT_ALLOW : v1::POLICY_EFFECT_DENY);
    ref->set_shadow(rule.shadow);
    enforced_deny = enforced_deny || (!rule.shadow && rule.effect == "deny");
  }
  if (record.allowed) {
    out.set_reason(v1::DECISION_REASON_ALLOWED);
  } else {
    out.set_reason(enforced_deny ? v1::DECISION_REASON_EXPLICIT_DENY
                                 : v1::DECISION_REASON_DEFAULT_DENY);
    out.set_reason_code(record.outcome);
  }
  // Which built-in or policy rule decided ("namespace-owner", "cross-tenant", "p1/r2", ...).
  (*out.mutable_inputs()->mutable_fields())["deciding_rule"].set_string_value(record.decision);
  return out;
}

absl::Status ExplainSyscalls::RegisterAll(envelope::HandlerRegistry& registry) {
  return registry.Register("cam.v1.Observe.ExplainAction",
                           envelope::MethodHandler(this, &ExplainSyscalls::ExplainAction));
}

absl::StatusOr<v1::ExplainActionResponse> ExplainSyscalls::ExplainAction(
    envelope::Call& call, const v1::ExplainActionRequest& request) {
  if (request.subject_case() == v1::ExplainActionRequest::SUBJECT_NOT_SET) {
    return base::WithField(
        base::Error(base::Reason::kValidationRequired, "request_id or decision_id"), "request_id");
  }
  if (request.include_proofs()) {
    return base::Error(base::Reason::kNotImplemented, "audit inclusion proofs");
  }
  const bool by_request = request.subject_case() == v1::ExplainActionRequest::kRequestId;
  call.audit.resource =
      by_request ? "request/" + request.request_id() : "decision/" + request.decision_id();
  const std::optional<audit::AuditRecord> record =
      by_request ? decisions_->FindByRequestId(request.request_id())
                 : decisions_->FindByDecisionId(request.decision_id());
  if (!record.has_value() || !MaySee(*call.principal, *record)) {
    return base::Error(base::Reason::kDecisionNotFound, "no visible decision");
  }
  v1::ExplainActionResponse response;
  *response.add_chain() = DecisionRecordFor(*record);
  return response;
}

}  // namespace cam::syscalls
