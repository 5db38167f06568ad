// File: envelope/stages/authenticate_stage.h
// AuthenticateStage resolves the caller's Principal. The verified client certificate is always
// required (mutual TLS is the transport's floor): a SPIFFE-style URI SAN
// `spiffe://<trust-domain>/<kind>/<id>` (kind: agent, operator, service) decides; without one,
// the subject common name is taken as an agent id. A bearer token or API key presented with the
// call then names the principal instead, verified by the CredentialVerifier. A token whose
// subject and kind are the certificate's own adds the "mtls" factor to "token" (two factors);
// a token or key for another principal carries only its own factors.
//
// With a CertificateMapper (client classes, SPKI pins, CRL; see identity/certificate_policy.h)
// the mapper decides first: it may refuse the certificate (revoked, key not pinned, no class
// matches) or name the principal with its configured kind and tenant. Revocation is checked here,
// on every call, not only at the TLS handshake: a CRL reload therefore also cuts off clients on
// long-lived connections that were accepted before the revocation.
#ifndef CAM_ENVELOPE_STAGES_AUTHENTICATE_STAGE_H_
#define CAM_ENVELOPE_STAGES_AUTHENTICATE_STAGE_H_

#include <string>

#include "envelope/certificate_mapper.h"
#include "envelope/credential_verifier.h"
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
  // `credentials` may be null: then any presented token or key is refused. `certificates` may
  // be null: then the built-in mapping applies (kind from the SPIFFE path, default tenant).
  AuthenticateStage(AuthenticateConfig config, const CredentialVerifier* credentials,
                    const CertificateMapper* certificates = nullptr)
      : config_(std::move(config)), credentials_(credentials), certificates_(certificates) {}
  std::string_view name() const override { return "authenticate"; }
  absl::Status OnRequest(Call& call) override;

 private:
  absl::StatusOr<Principal> FromCertificate(const PeerCertificate& cert) const;

  const AuthenticateConfig config_;
  const CredentialVerifier* credentials_;
  const CertificateMapper* certificates_;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_STAGES_AUTHENTICATE_STAGE_H_
