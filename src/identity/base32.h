// File: identity/base32.h
// RFC 4648 section 6 base32 (alphabet A-Z2-7) without padding, the form authenticator apps
// expect for a TOTP secret in an otpauth:// URI.
//
// Encoding is branch-free over the input bytes (the input is a secret); the alphabet lookup is
// done arithmetically, not by table index. Decoding is for tests and for clients that received
// a secret: it branches on the characters and accepts only the canonical, unpadded, upper-case
// form.
#ifndef CAM_IDENTITY_BASE32_H_
#define CAM_IDENTITY_BASE32_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "base/secure_buffer.h"

namespace cam::identity {

// Base32EncodedSize returns the length of the unpadded encoding of `size` bytes.
constexpr size_t Base32EncodedSize(size_t size) { return (size * 8 + 4) / 5; }

// Base32Encode writes the unpadded base32 encoding of `bytes` into a SecureBuffer (the encoding
// of a secret is the secret).
base::SecureBuffer Base32Encode(std::span<const uint8_t> bytes);

// Base32Decode returns the bytes of `text`, or InvalidArgument when `text` is not canonical
// unpadded upper-case base32 (a length that is no encoding length, a character outside A-Z2-7,
// or unused trailing bits that are not zero).
absl::StatusOr<std::vector<uint8_t>> Base32Decode(std::string_view text);

}  // namespace cam::identity

#endif  // CAM_IDENTITY_BASE32_H_
