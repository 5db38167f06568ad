#include "envelope/principal.h"

#include <algorithm>

namespace cam::envelope {

std::string_view PrincipalKindName(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kOperator:
      return "operator";
    case PrincipalKind::kService:
      return "service";
    default:
      return "agent";
  }
}

bool Principal::has_factor(std::string_view factor) const {
  return std::find(factors.begin(), factors.end(), factor) != factors.end();
}

bool Principal::ScopesAllow(std::string_view action) const {
  if (scopes.empty()) return true;
  const std::string_view family = action.substr(0, action.find('.'));
  for (const std::string& scope : scopes) {
    if (scope == action || scope == family) return true;
  }
  return false;
}

}  // namespace cam::envelope
