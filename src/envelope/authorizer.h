// File: envelope/authorizer.h
// Authorizer: the decision the authorize stage asks for. The policy engine implements it; until
// then OwnerAuthorizer allows operators and namespace owners only.
#ifndef CAM_ENVELOPE_AUTHORIZER_H_
#define CAM_ENVELOPE_AUTHORIZER_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "envelope/call.h"

namespace cam::envelope {

class Authorizer {
 public:
  virtual ~Authorizer() = default;
  // Decide returns the decision for an authenticated, validated call; an error only when the
  // decision could not be made (the stage then fails closed).
  virtual absl::StatusOr<AuthorizationDecision> Decide(const Call& call) const = 0;
};

struct NamespaceOwnership {
  std::string owner;
  std::string tenant;
};

// NamespaceDirectory answers who owns a namespace; the memory syscalls implement it.
class NamespaceDirectory {
 public:
  virtual ~NamespaceDirectory() = default;
  // Returns nullopt when the namespace does not exist.
  virtual absl::StatusOr<std::optional<NamespaceOwnership>> Owner(
      const std::string& name) const = 0;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_AUTHORIZER_H_
