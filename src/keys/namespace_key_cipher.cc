#include "keys/namespace_key_cipher.h"

#include "base/reasons.h"
#include "base/status_macros.h"
#include "crypto/primitives/aead.h"
#include "crypto/primitives/hkdf.h"

namespace cam::keys {
namespace {

constexpr std::string_view kDataKeyInfo = "cam/v1/namespace-data-key/aes-256-gcm";

std::span<const uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

class AesDataKey final : public DataKey {
 public:
  explicit AesDataKey(base::SecureBuffer key) : key_(std::move(key)) {}
  std::span<const uint8_t> bytes() const { return key_.span(); }

 private:
  base::SecureBuffer key_;
};

}  // namespace

absl::StatusOr<std::shared_ptr<const DataKey>> NamespaceKeyCipher::DeriveDataKey(
    std::string_view salt) const {
  if (salt.size() < 16) return base::Error(base::Reason::kStoreCorrupt, "data key salt too short");
  CAM_ASSIGN_OR_RETURN(
      base::SecureBuffer key,
      crypto::HkdfSha256(root_key_.span(), Bytes(salt), Bytes(kDataKeyInfo), crypto::kAeadKeySize));
  return std::shared_ptr<const DataKey>(std::make_shared<AesDataKey>(std::move(key)));
}

absl::StatusOr<std::string> NamespaceKeyCipher::Seal(const DataKey& key,
                                                     std::string_view associated_data,
                                                     std::string_view plaintext) const {
  const auto& aes = static_cast<const AesDataKey&>(key);
  CAM_ASSIGN_OR_RETURN(
      std::vector<uint8_t> sealed,
      crypto::AeadSealWithRandomNonce(crypto::AeadAlgorithm::kAes256Gcm, aes.bytes(),
                                      Bytes(plaintext), Bytes(associated_data)));
  return std::string(sealed.begin(), sealed.end());
}

absl::StatusOr<std::string> NamespaceKeyCipher::Open(const DataKey& key,
                                                     std::string_view associated_data,
                                                     std::string_view sealed) const {
  const auto& aes = static_cast<const AesDataKey&>(key);
  CAM_ASSIGN_OR_RETURN(
      std::vector<uint8_t> plain,
      crypto::AeadOpenWithPrependedNonce(crypto::AeadAlgorithm::kAes256Gcm, aes.bytes(),
                                         Bytes(sealed), Bytes(associated_data)));
  return std::string(plain.begin(), plain.end());
}

}  // namespace cam::keys
