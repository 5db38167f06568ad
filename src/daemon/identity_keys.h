// File: daemon/identity_keys.h
// IdentityKeys: the keys camd's identity service needs, derived from the root key with
// HKDF-SHA256 under distinct labels, so they survive restarts (tokens stay valid, API keys keep
// working) without another secret file, and rotate with the root key.
#ifndef CAM_DAEMON_IDENTITY_KEYS_H_
#define CAM_DAEMON_IDENTITY_KEYS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "base/secure_buffer.h"
#include "identity/jwt_signer.h"

namespace cam::daemon {

struct IdentityKeys {
  std::unique_ptr<identity::JwtSigner> eddsa_signer;   // kid "camd-eddsa-1"
  std::unique_ptr<identity::JwtSigner> ml_dsa_signer;  // kid "camd-mldsa65-1"
  base::SecureBuffer api_key_hmac_key;                 // 32 bytes
  base::SecureBuffer totp_seal_key;                    // 32 bytes, AES-256-GCM
};

absl::StatusOr<IdentityKeys> DeriveIdentityKeys(const base::SecureBuffer& root_key);

}  // namespace cam::daemon

#endif  // CAM_DAEMON_IDENTITY_KEYS_H_
