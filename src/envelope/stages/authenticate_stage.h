// File: envelope/stages/authenticate_stage.h
// AuthenticateStage resolves the caller's Principal from the verified client certificate.
// A SPIFFE-style URI SAN `spiffe://<trust-domain>/<kind>/<id>` (kind: agent, operator, service)
// decides; without one, the subject common name is taken as an agent id.
#ifndef CAM_ENVELOPE_STAGES_AUTHENTICATE_STAGE_H_
#define CAM_ENVELOPE_STAGES_AUTHENTICATE_STAGE_H_

#include <string>

#include "envelope/stage.h"

namespace cam::envelope {

struct AuthenticateConfig {
  // The SPIFFE trust domain whose URI SANs are accepted. Default "cam.local" (the dev PKI's).
  std::string trust_domain = "cam.local";
  // Tenant assigned to certificate identities until tenant mappings are configured.
  std::string default_tenant = "default";
};

class AuthenticateStage final : public PassThroughStage {
 public:
  explicit AuthenticateStage(AuthenticateConfig config) : config_(std::move(config)) {}
  std::string_view name() const override { return "authenticate"; }
  absl::Status OnRequest(Call& call) override;

 private:
  const AuthenticateConfig config_;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_STAGES_AUTHENTICATE_STAGE_H_
