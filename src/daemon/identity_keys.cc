#include "daemon/identity_keys.h"

#include <string_view>

#include "base/status_macros.h"
#include "crypto/mldsa/mldsa65.h"
#include "crypto/primitives/hkdf.h"

namespace cam::daemon {
namespace {

absl::StatusOr<base::SecureBuffer> Derive(const base::SecureBuffer& root_key,
                                          std::string_view label, size_t length) {
  return crypto::HkdfSha256(
      std::span<const uint8_t>(root_key.data(), root_key.size()), {},
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(label.data()), label.size()),
      length);
}

}  // namespace

absl::StatusOr<IdentityKeys> DeriveIdentityKeys(const base::SecureBuffer& root_key) {
  IdentityKeys keys;
  CAM_ASSIGN_OR_RETURN(base::SecureBuffer ed_seed,
                       Derive(root_key, "cam/identity/token-eddsa/v1", 32));
  CAM_ASSIGN_OR_RETURN(identity::JwtSigner eddsa,
                       identity::JwtSigner::FromPrivateKey(
                           identity::JwsAlgorithm::kEdDSA, "camd-eddsa-1",
                           std::span<const uint8_t>(ed_seed.data(), ed_seed.size())));
  keys.eddsa_signer = std::make_unique<identity::JwtSigner>(std::move(eddsa));

  CAM_ASSIGN_OR_RETURN(base::SecureBuffer xi,
                       Derive(root_key, "cam/identity/token-mldsa65/v1", 32));
  crypto::MlDsa65PublicKey public_key;
  base::SecureBuffer secret_key;
  CAM_RETURN_IF_ERROR(crypto::MlDsa65KeyGenFromSeed(
      public_key, secret_key, std::span<const uint8_t>(xi.data(), xi.size())));
  CAM_ASSIGN_OR_RETURN(
      identity::JwtSigner ml_dsa,
      identity::JwtSigner::FromPrivateKey(
          identity::JwsAlgorithm::kMlDsa65, "camd-mldsa65-1",
          std::span<const uint8_t>(secret_key.data(), secret_key.size()), public_key));
  keys.ml_dsa_signer = std::make_unique<identity::JwtSigner>(std::move(ml_dsa));

  CAM_ASSIGN_OR_RETURN(keys.api_key_hmac_key, Derive(root_key, "cam/identity/apikey-hmac/v1", 32));
  CAM_ASSIGN_OR_RETURN(keys.totp_seal_key, Derive(root_key, "cam/identity/totp-seal/v1", 32));
  return keys;
}

}  // namespace cam::daemon
