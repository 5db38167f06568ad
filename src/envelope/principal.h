// File: envelope/principal.h
// Principal: who is calling, as established by the authenticate stage.
#ifndef CAM_ENVELOPE_PRINCIPAL_H_
#define CAM_ENVELOPE_PRINCIPAL_H_

#include <string>
#include <string_view>
#include <vector>

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

  bool is_operator() const { return kind == PrincipalKind::kOperator; }
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_PRINCIPAL_H_
