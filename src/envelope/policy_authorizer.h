// File: envelope/policy_authorizer.h
// PolicyAuthorizer: the authorization stage's decision with the policy engine in it.
//
//   1. A matching deny rule refuses, whoever asks (deny wins, even for operators).
//   2. The built-in baseline (OwnerAuthorizer: operators, namespace owners, self-service
//      actions) allows what it allows; policies add to it and never need to restate it.
//   3. Otherwise a matching allow rule allows, with two object-level limits policy cannot lift:
//      operator-only methods stay operator-only, and a namespace of another tenant stays out of
//      reach (broken object-level authorization is the top API risk).
//   4. Otherwise deny by default.
// The resource a rule sees is `ns/<namespace>/<key>` for calls naming a key, `ns/<namespace>`
// for calls naming only a namespace, and `<family>` otherwise.
#ifndef CAM_ENVELOPE_POLICY_AUTHORIZER_H_
#define CAM_ENVELOPE_POLICY_AUTHORIZER_H_

#include "envelope/authorizer.h"
#include "policy/access_request.h"
#include "policy/policy_engine.h"

namespace cam::envelope {

class PolicyAuthorizer final : public Authorizer {
 public:
  // Nothing is owned; everything must outlive this object.
  PolicyAuthorizer(const policy::PolicyEngine* engine, const Authorizer* baseline,
                   const NamespaceDirectory* directory)
      : engine_(engine), baseline_(baseline), directory_(directory) {}

  absl::StatusOr<AuthorizationDecision> Decide(const Call& call) const override;

 private:
  absl::StatusOr<AuthorizationDecision> DecideWith(const Call& call,
                                                   const policy::Decision& decision) const;

  const policy::PolicyEngine* engine_;
  const Authorizer* baseline_;
  const NamespaceDirectory* directory_;
};

// AccessRequestFor describes `call` to the policy engine (principal, action, resource, source,
// time `now`).
policy::AccessRequest AccessRequestFor(const Call& call, absl::Time now);

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_POLICY_AUTHORIZER_H_
