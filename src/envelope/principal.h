// File: envelope/principal.h
// Principal: who is calling, as established by the authenticate stage.
#ifndef CAM_ENVELOPE_PRINCIPAL_H_
#define CAM_ENVELOPE_PRINCIPAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"

namespace cam::envelope {

enum class PrincipalKind { kAgent, kOperator, kService };

std::string_view PrincipalKindName(PrincipalKind kind);

struct Principal {
  std::string id;
  PrincipalKind kind = PrincipalKind::kAgent;
  std::string tenant;
  std::vector<std::string> scopes;
  // Authentication factors that were verified for this call, e.g. "mtls", "token", "totp".
  std::vector<std::string> factors;
  // The credential behind a token or API key (jti or key id) and when it stops working; empty
  // and InfiniteFuture for a certificate identity.
  std::string credential_id;
  absl::Time credential_expire_time = absl::InfiniteFuture();

  bool is_operator() const { return kind == PrincipalKind::kOperator; }
  bool has_factor(std::string_view factor) const;
  // ScopesAllow: an empty scope list is unrestricted (certificate identities); otherwise one
  // scope must equal `action` ("memory.read") or its family ("memory").
  bool ScopesAllow(std::string_view action) const;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_PRINCIPAL_H_
