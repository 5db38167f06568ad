// File: keys/root_key_file.h
// The development root key provider: 32 random bytes in a file of mode 0600 inside the data
// directory, created on first start. Production deployments seal the root key with a TPM, an
// HSM or a passphrase instead; those providers return the same SecureBuffer.
#ifndef CAM_KEYS_ROOT_KEY_FILE_H_
#define CAM_KEYS_ROOT_KEY_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "base/secure_buffer.h"

namespace cam::keys {

inline constexpr size_t kRootKeyBytes = 32;

// LoadOrCreateRootKeyFile reads the key at `path`, or creates it (O_EXCL, mode 0600) if absent.
// Refuses a file of the wrong size or one readable by group or others.
absl::StatusOr<base::SecureBuffer> LoadOrCreateRootKeyFile(const std::string& path);

}  // namespace cam::keys

#endif  // CAM_KEYS_ROOT_KEY_FILE_H_
