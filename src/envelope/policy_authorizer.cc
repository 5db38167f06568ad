#include "envelope/policy_authorizer.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "envelope/method_table.h"
#include "envelope/peer_address.h"

namespace cam::envelope {
namespace {

AuthorizationDecision Deny(std::string rule) {
  return {.evaluated = true, .allowed = false, .rule = std::move(rule)};
}

// The `key` field of the request, when the method has one and it is set.
std::string KeyOf(const Call& call) {
  if (call.request == nullptr) return "";
  const google::protobuf::FieldDescriptor* field =
      call.request->GetDescriptor()->FindFieldByName("key");
  if (field == nullptr || field->is_repeated() ||
      field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
    return "";
  }
  return call.request->GetReflection()->GetString(*call.request, field);
}

}  // namespace

policy::AccessRequest AccessRequestFor(const Call& call, absl::Time now) {
  policy::AccessRequest request;
  if (call.principal.has_value()) {
    const Principal& p = *call.principal;
    request.principal_id = p.id;
    request.principal_kind = static_cast<policy::PrincipalKind>(static_cast<int>(p.kind) + 1);
    request.tenant = p.tenant;
    request.scopes = p.scopes;
    request.claims["amr"] = p.factors;
  }
  if (call.method != nullptr) {
    request.action = call.method->options.action();
    if (!call.resource_namespace.empty()) {
      request.resource = "ns/" + call.resource_namespace;
      if (std::string key = KeyOf(call); !key.empty()) request.resource += "/" + key;
    } else {
      request.resource = request.action.substr(0, request.action.find('.'));
    }
  }
  request.source_address = SourceOf(call.peer.address);
  request.time = now;
  return request;
}

absl::StatusOr<AuthorizationDecision> PolicyAuthorizer::Decide(const Call& call) const {
  if (!call.principal.has_value() || call.method == nullptr) return Deny("deny-by-default");
  const policy::Decision decision = engine_->Decide(AccessRequestFor(call, absl::Now()));
  absl::StatusOr<AuthorizationDecision> result = DecideWith(call, decision);
  // The record names every rule that matched, whichever part of the decision ended up deciding.
  if (result.ok()) result->matched_rules = decision.matched_rules;
  return result;
}

absl::StatusOr<AuthorizationDecision> PolicyAuthorizer::DecideWith(
    const Call& call, const policy::Decision& decision) const {
  if (decision.reason == policy::DecisionReason::kExplicitDeny)
    return Deny(decision.DecidingRule());

  absl::StatusOr<AuthorizationDecision> baseline = baseline_->Decide(call);
  if (!baseline.ok()) return baseline.status();
  if (baseline->allowed) return baseline;
  if (!decision.allowed) return Deny(decision.DecidingRule());

  const Principal& principal = *call.principal;
  if (call.method->options.operator_only() && !principal.is_operator())
    return Deny("operator-only");
  if (!call.resource_namespace.empty()) {
    absl::StatusOr<std::optional<NamespaceOwnership>> owner =
        directory_->Owner(call.resource_namespace);
    if (!owner.ok()) return owner.status();
    // A missing namespace is refused like a foreign one, so policy cannot be used to probe names.
    // Operators are held to their tenant too: tenants are isolated from each other's staff.
    if (!owner->has_value() || (*owner)->tenant != principal.tenant) return Deny("cross-tenant");
  }
  return AuthorizationDecision{.evaluated = true, .allowed = true, .rule = decision.DecidingRule()};
}

}  // namespace cam::envelope
