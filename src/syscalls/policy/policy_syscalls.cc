#include "syscalls/policy/policy_syscalls.h"

#include <google/protobuf/util/time_util.h>

#include "base/reasons.h"
#include "base/status_macros.h"
#include "envelope/peer_address.h"
#include "envelope/policy_authorizer.h"
#include "policy/policy_lint.h"

namespace cam::syscalls {
namespace {

using envelope::Call;

// Struct values become attribute lists: strings as they are, numbers and booleans as text,
// lists element by element; nested objects are refused (conditions name flat keys).
absl::Status StructToAttributes(const google::protobuf::Struct& in, policy::AttributeMap& out,
                                std::string_view field) {
  const auto scalar = [](const google::protobuf::Value& v, std::string& text) {
    switch (v.kind_case()) {
      case google::protobuf::Value::kStringValue:
        text = v.string_value();
        return true;
      case google::protobuf::Value::kNumberValue: {
        const double d = v.number_value();
        text = d == static_cast<double>(static_cast<int64_t>(d))
                   ? std::to_string(static_cast<int64_t>(d))
                   : std::to_string(d);
        return true;
      }
      case google::protobuf::Value::kBoolValue:
        text = v.bool_value() ? "true" : "false";
        return true;
      default:
        return false;
    }
  };
  for (const auto& [name, value] : in.fields()) {
    std::vector<std::string>& values = out[name];
    std::string text;
    if (value.kind_case() == google::protobuf::Value::kListValue) {
      for (const auto& item : value.list_value().values()) {
        if (!scalar(item, text)) {
          return base::WithField(base::Error(base::Reason::kValidationPattern, "nested value"),
                                 field);
        }
        values.push_back(text);
      }
    } else if (scalar(value, text)) {
      values.push_back(text);
    } else {
      return base::WithField(base::Error(base::Reason::kValidationPattern, "nested value"), field);
    }
  }
  return absl::OkStatus();
}

v1::PolicyRuleRef RuleToProto(const policy::MatchedRule& rule) {
  v1::PolicyRuleRef out;
  out.set_policy_id(rule.policy_id);
  out.set_policy_version(rule.policy_version);
  out.set_rule_id(rule.rule_id);
  out.set_effect(static_cast<v1::PolicyEffect>(static_cast<int>(rule.effect)));
  out.set_shadow(rule.shadow);
  return out;
}

}  // namespace

v1::PolicyQueryResponse DecisionToProto(const policy::Decision& decision) {
  v1::PolicyQueryResponse response;
  response.set_allowed(decision.allowed);
  response.set_reason(static_cast<v1::DecisionReason>(static_cast<int>(decision.reason)));
  for (const policy::MatchedRule& rule : decision.matched_rules) {
    *(rule.shadow ? response.add_shadow_matched_rules() : response.add_matched_rules()) =
        RuleToProto(rule);
  }
  return response;
}

absl::Status PolicySyscalls::RegisterAll(envelope::HandlerRegistry& registry) {
  for (const auto& [name, handler] : {
           std::pair{"cam.v1.Policy.PolicyQuery",
                     envelope::MethodHandler(this, &PolicySyscalls::PolicyQuery)},
           std::pair{"cam.v1.Policy.PolicyUpdate",
                     envelope::MethodHandler(this, &PolicySyscalls::PolicyUpdate)},
           std::pair{"cam.v1.Policy.PolicyGet",
                     envelope::MethodHandler(this, &PolicySyscalls::PolicyGet)},
           std::pair{"cam.v1.Policy.PolicyList",
                     envelope::MethodHandler(this, &PolicySyscalls::PolicyList)},
       }) {
    CAM_RETURN_IF_ERROR(registry.Register(name, handler));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::PolicyQueryResponse> PolicySyscalls::PolicyQuery(
    Call& call, const v1::PolicyQueryRequest& request) {
  const envelope::Principal& caller = *call.principal;
  policy::AccessRequest access;
  const bool about_caller = request.principal_id().empty() || request.principal_id() == caller.id;
  if (!about_caller && !caller.is_operator()) {
    // What someone else may do is itself sensitive.
    return base::Error(base::Reason::kAuthzDenied, "policy query about another principal");
  }
  if (about_caller) {
    // The caller's own facts, exactly as the authorize stage sees them.
    Call as_caller;
    as_caller.principal = caller;
    as_caller.peer = call.peer;
    access = envelope::AccessRequestFor(as_caller, clock_->Now());
  } else {
    access.principal_id = request.principal_id();
    access.principal_kind =
        static_cast<policy::PrincipalKind>(static_cast<int>(request.principal_kind()));
    access.tenant = caller.tenant;
    CAM_RETURN_IF_ERROR(StructToAttributes(request.claims(), access.claims, "claims"));
    access.time = clock_->Now();
  }
  CAM_RETURN_IF_ERROR(StructToAttributes(request.context(), access.context, "context"));
  access.action = request.action();
  access.resource = request.resource();
  if (!request.source_address().empty()) access.source_address = request.source_address();
  if (request.has_evaluation_time()) {
    access.time = absl::FromUnixNanos(
        google::protobuf::util::TimeUtil::TimestampToNanoseconds(request.evaluation_time()));
  }
  call.audit.resource = request.resource();
  return DecisionToProto(engine_->Decide(access));
}

absl::StatusOr<v1::PolicyUpdateResponse> PolicySyscalls::PolicyUpdate(
    Call& call, const v1::PolicyUpdateRequest& request) {
  call.audit.resource = "policy/" + request.document().policy_id();
  const policy::PolicyUpdater updater{.id = call.principal->id, .tenant = call.principal->tenant};
  std::optional<int64_t> expected;
  if (request.has_expected_version()) expected = request.expected_version();
  v1::PolicyUpdateResponse response;
  absl::StatusOr<v1::PolicyDocument> result =
      request.dry_run() ? engine_->Check(request.document(), updater)
                        : engine_->Update(request.document(), expected, updater, call.deadline);
  if (!result.ok()) {
    // Under dry_run an invalid document is an answer (its diagnostics), not an error.
    if (request.dry_run() && base::ReasonOf(result.status()) == base::Reason::kPolicyInvalid) {
      v1::PolicyDiagnostic* diagnostic = response.add_diagnostics();
      diagnostic->set_severity(v1::DIAGNOSTIC_SEVERITY_ERROR);
      diagnostic->set_field(base::FieldOf(result.status()));
      diagnostic->set_message(std::string(result.status().message()));
      *response.mutable_document() = request.document();
      return response;
    }
    return result.status();
  }
  *response.mutable_document() = *result;
  response.set_applied(!request.dry_run());
  for (v1::PolicyDiagnostic& warning : policy::LintPolicy(*result, known_actions_)) {
    *response.add_diagnostics() = std::move(warning);
  }
  if (response.applied())
    call.audit.details.push_back({"version", std::to_string(result->version())});
  return response;
}

absl::StatusOr<v1::PolicyGetResponse> PolicySyscalls::PolicyGet(
    Call& call, const v1::PolicyGetRequest& request) {
  call.audit.resource = "policy/" + request.policy_id();
  CAM_ASSIGN_OR_RETURN(v1::PolicyDocument document,
                       engine_->Get(request.policy_id(), request.version(), call.deadline));
  v1::PolicyGetResponse response;
  *response.mutable_document() = std::move(document);
  return response;
}

absl::StatusOr<v1::PolicyListResponse> PolicySyscalls::PolicyList(
    Call& call, const v1::PolicyListRequest& request) {
  CAM_ASSIGN_OR_RETURN(policy::PolicyStore::ListPage page,
                       engine_->List(request.page_size(), request.page_token(), call.deadline));
  v1::PolicyListResponse response;
  for (v1::PolicySummary& summary : page.policies) *response.add_policies() = std::move(summary);
  response.set_next_page_token(page.next_page_token);
  return response;
}

}  // namespace cam::syscalls
