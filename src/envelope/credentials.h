// File: envelope/credentials.h
// Credentials: what a caller presented besides its client certificate, read by the transports
// from one `authorization` value (gRPC metadata or HTTP header): `Bearer <jwt>` or
// `ApiKey cam_<id>_<secret>`. The authenticate stage verifies them.
#ifndef CAM_ENVELOPE_CREDENTIALS_H_
#define CAM_ENVELOPE_CREDENTIALS_H_

#include <string>
#include <string_view>

namespace cam::envelope {

struct Credentials {
  std::string bearer_token;
  std::string api_key;
  // The value had another scheme or a broken shape; refused, never ignored, so a client that
  // thinks it sent a credential is not silently served as its certificate identity.
  bool malformed = false;

  bool empty() const { return bearer_token.empty() && api_key.empty() && !malformed; }
};

// ParseAuthorization reads one authorization value. Scheme names are case-insensitive
// (RFC 9110 section 11.1); exactly one space separates scheme and credential.
Credentials ParseAuthorization(std::string_view value);

}  // namespace cam::envelope

#endif  // CAM_ENVELOPE_CREDENTIALS_H_
