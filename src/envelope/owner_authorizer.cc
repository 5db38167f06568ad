#include "envelope/owner_authorizer.h"

#include <optional>

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
         action == "identity.totp_enroll" || action == "identity.totp_confirm" ||
         action == "policy.query" || action == "observe.explain";
}

}  // namespace

absl::StatusOr<AuthorizationDecision> OwnerAuthorizer::Decide(const Call& call) const {
  if (!call.principal.has_value() || call.method == nullptr) return Deny("deny-by-default");
  const Principal& principal = *call.principal;
  const cam::v1::CallOptions& options = call.method->options;
  std::optional<NamespaceOwnership> owner;
  if (!call.resource_namespace.empty()) {
    absl::StatusOr<std::optional<NamespaceOwnership>> found =
        directory_->Owner(call.resource_namespace);
    if (!found.ok()) return found.status();
    owner = *std::move(found);
    // Tenants are isolated from each other's operators too, and creating a name another tenant
    // holds is refused like any other access to it (not "already exists").
    if (owner.has_value() && owner->tenant != principal.tenant) return Deny("cross-tenant");
    // Only creation may name a namespace that does not exist; for anything else a missing
    // namespace is refused exactly like a foreign one, operators included, so no caller can
    // probe another tenant's names by telling "denied" from "not found".
    if (!owner.has_value() && options.action() != "namespace.create") {
      return Deny("deny-by-default");
    }
  }
  if (principal.is_operator()) return Allow("operator");
  if (options.operator_only()) return Deny("operator-only");
  if (IsSelfServiceAction(options.action())) return Allow("self-service");
  if (call.method->namespace_field == nullptr || call.resource_namespace.empty()) {
    return Deny("deny-by-default");
  }
  if (owner.has_value() && owner->owner == principal.id) return Allow("namespace-owner");
  return Deny("deny-by-default");
}

}  // namespace cam::envelope
