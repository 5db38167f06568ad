// File: envelope/certificate_mapper.h
// CertificateMapper: the site's policy for client certificates, consulted by the authenticate
// stage on every call after the TLS layer verified the chain. The identity layer implements it
// (client classes, SPKI pins, a CRL), so the envelope needs neither YAML nor OpenSSL.
#ifndef CAM_ENVELOPE_CERTIFICATE_MAPPER_H_
#define CAM_ENVELOPE_CERTIFICATE_MAPPER_H_

#include <optional>

#include "absl/status/statusor.h"
#include "envelope/call.h"
#include "envelope/principal.h"

namespace cam::envelope {

class CertificateMapper {
 public:
  virtual ~CertificateMapper() = default;

  // Map decides on a present, verified certificate. An error (reason-coded, e.g.
  // CAM_AUTH_CLIENT_CERT_REVOKED or CAM_AUTH_CLIENT_CERT_INVALID) refuses the call. A principal
  // names the caller (id, kind, tenant, factors {"mtls"}). nullopt means the certificate is not
  // refused but no mapping is configured: the stage applies its built-in one.
  // Thread-safe: called concurrently from every transport worker.
  virtual absl::StatusOr<std::optional<Principal>> Map(const PeerCertificate& cert) const = 0;
};

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_CERTIFICATE_MAPPER_H_
