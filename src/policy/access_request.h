// File: policy/access_request.h
// AccessRequest: what the policy engine decides on, as a plain struct. The policy layer sits below
// the envelope, so the envelope (or a PolicyQuery handler) fills this from its own Principal and
// Call; nothing here depends on transport or envelope types.
#ifndef CAM_POLICY_ACCESS_REQUEST_H_
#define CAM_POLICY_ACCESS_REQUEST_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"

namespace cam::policy {

// PrincipalKind mirrors cam.v1.PrincipalKind value for value, so a cast converts either way.
enum class PrincipalKind : int { kUnspecified = 0, kAgent = 1, kOperator = 2, kService = 3 };

// PrincipalKindName returns "agent", "operator", "service" or "unspecified": the value a
// `principal.kind` condition compares against.
std::string_view PrincipalKindName(PrincipalKind kind);

// Attribute maps take string_view lookups without building a std::string on the hot path.
using AttributeMap = std::map<std::string, std::vector<std::string>, std::less<>>;

struct AccessRequest {
  std::string principal_id;
  PrincipalKind principal_kind = PrincipalKind::kUnspecified;
  // The principal's tenant; documents with a tenant apply only when it is equal.
  std::string tenant;
  std::vector<std::string> scopes;
  // Credential claims, read by `claims.<name>` conditions. A single-valued claim is a one-element
  // list; a list claim (`amr`) holds every element.
  AttributeMap claims;
  // Caller-supplied facts, read by `context.<name>` conditions (PolicyQueryRequest.context).
  AttributeMap context;
  // `<family>.<verb>`, as in the RPC's `call` option (`memory.write`).
  std::string action;
  // `ns/<namespace>/<key>`, `ns/<namespace>`, `policy/<id>`, `audit`, ... (see policy.proto).
  std::string resource;
  // The caller's IPv4 or IPv6 address as text, without port or zone; empty when unknown. Rules
  // with source_cidrs never match an empty or unparsable address (fail closed).
  std::string source_address;
  // When the request is evaluated (normally now; PolicyQuery may ask about another time).
  absl::Time time = absl::UnixEpoch();
};

}  // namespace cam::policy

#endif  // CAM_POLICY_ACCESS_REQUEST_H_
