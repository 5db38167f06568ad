// File: policy/access_request.cc
#include "policy/access_request.h"

namespace cam::policy {

std::string_view PrincipalKindName(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kAgent:
      return "agent";
    case PrincipalKind::kOperator:
      return "operator";
    case PrincipalKind::kService:
      return "service";
    case PrincipalKind::kUnspecified:
      break;
  }
  return "unspecified";
}

}  // namespace cam::policy
