#include "envelope/owner_authorizer.h"

#include "envelope/method_table.h"

namespace cam::envelope {
namespace {

AuthorizationDecision Allow(std::string rule) {
  return {.evaluated = true, .allowed = true, .rule = std::move(rule)};
}
AuthorizationDecision Deny(std::string rule) {
  return {.evaluated = true, .allowed = false, .rule = std::move(rule)};
}

// Actions any authenticated principal may take; handlers scope their answers to the caller.
bool IsSelfServiceAction(const std::string& action) {
  return action == "namespace.create" || action == "namespace.list" || action == "observe.health" ||
         action == "identity.profile" || action == "identity.token_issue" ||
         action == "policy.query";
}

}  // namespace

absl::StatusOr<AuthorizationDecision> OwnerAuthorizer::Decide(const Call& call) const {
  if (!call.principal.has_value() || call.method == nullptr) return Deny("deny-by-default");
  const Principal& principal = *call.principal;
  const cam::v1::CallOptions& options = call.method->options;
  if (principal.is_operator()) return Allow("operator");
  if (options.operator_only()) return Deny("operator-only");
  if (IsSelfServiceAction(options.action())) return Allow("self-service");
  if (call.method->namespace_field == nullptr || call.resource_namespace.empty()) {
    return Deny("deny-by-default");
  }
  absl::StatusOr<std::optional<NamespaceOwnership>> owner =
      directory_->Owner(call.resource_namespace);
  if (!owner.ok()) return owner.status();
  if (owner->has_value() && (*owner)->owner == principal.id &&
      (*owner)->tenant == principal.tenant) {
    return Allow("namespace-owner");
  }
  return Deny("deny-by-default");
}

}  // namespace cam::envelope
