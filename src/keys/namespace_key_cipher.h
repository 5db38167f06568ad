// File: keys/namespace_key_cipher.h
// NamespaceKeyCipher: AES-256-GCM under a per-namespace data key derived with HKDF-SHA256 from
// the root key and the namespace's random salt. The salt lives only in the namespace record, so
// deleting the record makes every stored ciphertext of the namespace undecryptable.
// Sealed form: nonce (12) || ciphertext || tag (16), random nonces.
#ifndef CAM_KEYS_NAMESPACE_KEY_CIPHER_H_
#define CAM_KEYS_NAMESPACE_KEY_CIPHER_H_

#include "base/secure_buffer.h"
#include "keys/value_cipher.h"

namespace cam::keys {

class NamespaceKeyCipher final : public ValueCipher {
 public:
  explicit NamespaceKeyCipher(base::SecureBuffer root_key) : root_key_(std::move(root_key)) {}

  absl::StatusOr<std::shared_ptr<const DataKey>> DeriveDataKey(
      std::string_view salt) const override;
  absl::StatusOr<std::string> Seal(const DataKey& key, std::string_view associated_data,
                                   std::string_view plaintext) const override;
  absl::StatusOr<std::string> Open(const DataKey& key, std::string_view associated_data,
                                   std::string_view sealed) const override;

 private:
  const base::SecureBuffer root_key_;
};

}  // namespace cam::keys

#endif  // CAM_KEYS_NAMESPACE_KEY_CIPHER_H_
