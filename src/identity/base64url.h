// File: identity/base64url.h
// Strict base64url (RFC 4648 section 5) without padding, as JOSE uses it (RFC 7515 section 2):
// the decoder refuses '=' padding, whitespace, characters outside [A-Za-z0-9-_], a length of
// 1 mod 4, and non-canonical encodings (unused trailing bits that are not zero), so every byte
// string has exactly one accepted encoding.
//
// Not for secrets on the decode side: it branches on input characters. JWS parts and public
// keys are public; the one secret that passes through it (an `oct` JWK's `k`) comes from local
// configuration, not from a caller.
#ifndef CAM_IDENTITY_BASE64URL_H_
#define CAM_IDENTITY_BASE64URL_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace cam::identity {

// Base64UrlEncode returns the unpadded base64url encoding of `bytes`.
std::string Base64UrlEncode(std::span<const uint8_t> bytes);
std::string Base64UrlEncode(std::string_view bytes);

// Base64UrlDecode returns the bytes of `text`, or InvalidArgument (no reason code: callers decide
// what a malformed encoding means for them) when `text` is not strict unpadded base64url.
absl::StatusOr<std::vector<uint8_t>> Base64UrlDecode(std::string_view text);

// Base64UrlDecodeToString is Base64UrlDecode returning the bytes as a std::string.
absl::StatusOr<std::string> Base64UrlDecodeToString(std::string_view text);

}  // namespace cam::identity

#endif  // CAM_IDENTITY_BASE64URL_H_
