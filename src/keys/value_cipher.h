// File: keys/value_cipher.h
// ValueCipher seals stored values under a namespace's data key, with associated data that binds
// tenant, namespace, key and version, so a ciphertext moved to another key or version fails to
// open. Implementations are immutable and safe for concurrent use.
#ifndef CAM_KEYS_VALUE_CIPHER_H_
#define CAM_KEYS_VALUE_CIPHER_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace cam::keys {

// A namespace's data key, derived once and held in locked memory by the implementation.
class DataKey {
 public:
  virtual ~DataKey() = default;
};

class ValueCipher {
 public:
  virtual ~ValueCipher() = default;
  // DeriveDataKey returns the data key of a namespace from its salt.
  virtual absl::StatusOr<std::shared_ptr<const DataKey>> DeriveDataKey(
      std::string_view salt) const = 0;
  virtual absl::StatusOr<std::string> Seal(const DataKey& key, std::string_view associated_data,
                                           std::string_view plaintext) const = 0;
  // Open fails (without saying why) when the ciphertext or associated data was altered.
  virtual absl::StatusOr<std::string> Open(const DataKey& key, std::string_view associated_data,
                                           std::string_view sealed) const = 0;
};

}  // namespace cam::keys

#endif  // CAM_KEYS_VALUE_CIPHER_H_
