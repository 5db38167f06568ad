// File: transport/tls/peer_certificate.h
// Reads the identity facts the envelope needs (common name, URI SANs) from a client certificate
// that the TLS layer has already verified. Shared by the gRPC and HTTP transports so both see a
// certificate the same way.
#ifndef CAM_TRANSPORT_TLS_PEER_CERTIFICATE_H_
#define CAM_TRANSPORT_TLS_PEER_CERTIFICATE_H_

#include <string_view>

#include "envelope/call.h"

typedef struct x509_st X509;

namespace cam::transport {

// FromX509 describes `cert` (null -> not present). `verified` is what the caller's TLS stack said.
envelope::PeerCertificate PeerCertificateFromX509(X509* cert, bool verified);

// FromPem parses one PEM certificate; an unparsable one yields present=true, verified=false.
envelope::PeerCertificate PeerCertificateFromPem(std::string_view pem, bool verified);

}  // namespace cam::transport

#endif  // CAM_TRANSPORT_TLS_PEER_CERTIFICATE_H_
