#include "keys/namespace_key_cipher.h"

#include <climits>

#include "base/reasons.h"
#include "base/status_macros.h"
#include "crypto/primitives/aead.h"
#include "crypto/primitives/hkdf.h"
#include "crypto/primitives/keyed_aead.h"

namespace cam::keys {
namespace {

constexpr std::string_view kDataKeyInfo = "cam/v1/namespace-data-key/aes-256-gcm";
// OpenSSL takes int lengths; the sealed form adds nonce and tag.
constexpr size_t kMaxPlaintextSize =
    static_cast<size_t>(INT_MAX) - crypto::kAeadNonceSize - crypto::kAeadTagSize;

std::span<const uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

class AesDataKey final : public DataKey {
 public:
  explicit AesDataKey(std::unique_ptr<crypto::KeyedAead> aead) : aead_(std::move(aead)) {}
  const crypto::KeyedAead& aead() const { return *aead_; }

 private:
  std::unique_ptr<crypto::KeyedAead> aead_;
};

std::span<uint8_t> MutableBytes(std::string& s) {
  return {reinterpret_cast<uint8_t*>(s.data()), s.size()};
}

}  // namespace

absl::StatusOr<std::shared_ptr<const DataKey>> NamespaceKeyCipher::DeriveDataKey(
    std::string_view salt) const {
  if (salt.size() < 16) return base::Error(base::Reason::kStoreCorrupt, "data key salt too short");
  CAM_ASSIGN_OR_RETURN(
      base::SecureBuffer key,
      crypto::HkdfSha256(root_key_.span(), Bytes(salt), Bytes(kDataKeyInfo), crypto::kAeadKeySize));
  CAM_ASSIGN_OR_RETURN(
      std::unique_ptr<crypto::KeyedAead> aead,
      crypto::KeyedAead::Create(crypto::AeadAlgorithm::kAes256Gcm, std::move(key)));
  return std::shared_ptr<const DataKey>(std::make_shared<AesDataKey>(std::move(aead)));
}

absl::StatusOr<std::string> NamespaceKeyCipher::Seal(const DataKey& key,
                                                     std::string_view associated_data,
                                                     std::string_view plaintext) const {
  const auto& aes = static_cast<const AesDataKey&>(key);
  if (plaintext.size() > kMaxPlaintextSize) {
    return base::Error(base::Reason::kCryptoInvalidInput, "aead seal: input too large");
  }
  std::string sealed(crypto::kAeadNonceSize + plaintext.size() + crypto::kAeadTagSize, '\0');
  CAM_RETURN_IF_ERROR(aes.aead().SealWithRandomNonceInto(Bytes(plaintext), Bytes(associated_data),
                                                         MutableBytes(sealed)));
  return sealed;
}

absl::StatusOr<std::string> NamespaceKeyCipher::Open(const DataKey& key,
                                                     std::string_view associated_data,
                                                     std::string_view sealed) const {
  const auto& aes = static_cast<const AesDataKey&>(key);
  constexpr size_t kOverhead = crypto::kAeadNonceSize + crypto::kAeadTagSize;
  std::string plain(sealed.size() < kOverhead ? 0 : sealed.size() - kOverhead, '\0');
  CAM_RETURN_IF_ERROR(aes.aead().OpenWithPrependedNonceInto(Bytes(sealed), Bytes(associated_data),
                                                            MutableBytes(plain)));
  return plain;
}

}  // namespace cam::keys
