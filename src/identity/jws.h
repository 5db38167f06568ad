// File: identity/jws.h
// CompactJws: the three parts of a JWS in compact serialization (RFC 7515 section 7.1), split
// and decoded strictly, and the signature check of one part against one key. This is the
// signature layer beneath JwtVerifier; it knows nothing about claims, issuers or time.
#ifndef CAM_IDENTITY_JWS_H_
#define CAM_IDENTITY_JWS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace cam::identity {

struct CompactJws {
  std::string signing_input;  // ASCII(BASE64URL(header) '.' BASE64URL(payload))
  std::string header_json;    // the decoded protected header (not yet parsed)
  std::string payload;        // the decoded payload (not yet parsed)
  std::vector<uint8_t> signature;
};

// SplitCompactJws accepts exactly three '.'-separated parts of strict unpadded base64url, the
// first two non-empty, `token` at most `max_bytes` long. Errors are InvalidArgument without a
// reason code, naming the rule broken.
absl::StatusOr<CompactJws> SplitCompactJws(std::string_view token, size_t max_bytes);

}  // namespace cam::identity

#endif  // CAM_IDENTITY_JWS_H_
