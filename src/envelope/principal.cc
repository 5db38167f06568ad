#include "envelope/principal.h"

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

}  // namespace cam::envelope
