// File: envelope/owner_authorizer.h
// OwnerAuthorizer: deny by default; operators may do anything within their tenant; an agent or
// service may act on namespaces it owns (same tenant), create namespaces and list what it can
// see. A namespace of another tenant is out of reach for everyone, operators included ("cross-
// tenant"). A namespace that does not exist (except to NamespaceCreate) and one owned by someone
// else are refused alike, operators included, so names do not leak.
#ifndef CAM_ENVELOPE_OWNER_AUTHORIZER_H_
#define CAM_ENVELOPE_OWNER_AUTHORIZER_H_

#include "envelope/authorizer.h"

namespace cam::envelope {

class OwnerAuthorizer final : public Authorizer {
 public:
  explicit OwnerAuthorizer(const NamespaceDirectory* directory) : directory_(directory) {}
  absl::StatusOr<AuthorizationDecision> Decide(const Call& call) const override;

 private:
  const NamespaceDirectory* directory_;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_OWNER_AUTHORIZER_H_
