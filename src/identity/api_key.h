// File: identity/api_key.h
// API key strings `cam_<id>_<secret>`: generation, strict parsing, and the keyed hash under
// which camd stores them (never the secret itself).
//
//   <id>      16 characters [A-Za-z0-9]: public, the store key, shown in listings and audit.
//   <secret>  43 characters [A-Za-z0-9]: 43 * log2(62) > 256 bits from the OS CSPRNG. No '_'
//             or '-', so the whole key survives double-click selection and the '_' separators
//             are unambiguous.
// The stored hash is HMAC-SHA256(server key, "cam-apikey-v1" 0x00 id 0x00 secret), so a leaked
// store is useless without the server key, and a hash cannot be moved to another id.
#ifndef CAM_IDENTITY_API_KEY_H_
#define CAM_IDENTITY_API_KEY_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "base/secure_buffer.h"
#include "crypto/primitives/hmac.h"

namespace cam::identity {

inline constexpr std::string_view kApiKeyPrefix = "cam_";
inline constexpr size_t kApiKeyIdLength = 16;
inline constexpr size_t kApiKeySecretLength = 43;
inline constexpr size_t kApiKeyLength =
    kApiKeyPrefix.size() + kApiKeyIdLength + 1 + kApiKeySecretLength;
// The server key should be at least this long (HMAC-SHA256 gains nothing from more).
inline constexpr size_t kApiKeyServerKeyBytes = 32;

using ApiKeyHash = crypto::HmacSha256Tag;

// A freshly generated key. `presented` is the full `cam_<id>_<secret>` string, shown to the
// user once; it is wiped when this object is destroyed.
struct GeneratedApiKey {
  std::string id;
  base::SecureBuffer presented;
  std::string_view presented_view() const {
    return {reinterpret_cast<const char*>(presented.data()), presented.size()};
  }
};

// GenerateApiKey returns a new random key.
GeneratedApiKey GenerateApiKey();

// ParsedApiKey: the two parts of a presented key. The secret is held in locked memory.
struct ParsedApiKey {
  std::string id;
  base::SecureBuffer secret;
};

// ParseApiKey accepts exactly the format above and returns CAM_AUTH_CREDENTIALS_INVALID for
// anything else. Its running time depends on the length and on the public prefix and id only,
// not on which secret characters are present.
absl::StatusOr<ParsedApiKey> ParseApiKey(std::string_view presented);

// IsValidApiKeyId reports whether `id` has the id format (16 of [A-Za-z0-9]).
bool IsValidApiKeyId(std::string_view id);

// HashApiKey returns the stored hash of (id, secret) under `server_key`.
absl::StatusOr<ApiKeyHash> HashApiKey(std::span<const uint8_t> server_key, std::string_view id,
                                      std::span<const uint8_t> secret);

// ApiKeyHashEqual compares two hashes in constant time.
bool ApiKeyHashEqual(std::span<const uint8_t> a, std::span<const uint8_t> b);

}  // namespace cam::identity

#endif  // CAM_IDENTITY_API_KEY_H_
