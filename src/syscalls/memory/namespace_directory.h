// File: syscalls/memory/namespace_directory.h
// NamespaceDirectory keeps every namespace's record, data key and usage in memory, loaded once
// from the store at startup, so authorization and quota checks never touch disk. Usage counters
// are reserved atomically before a write and released if the write fails.
// Safe for concurrent use.
#ifndef CAM_SYSCALLS_MEMORY_NAMESPACE_DIRECTORY_H_
#define CAM_SYSCALLS_MEMORY_NAMESPACE_DIRECTORY_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cam/storage/v1/memory_records.pb.h"
#include "envelope/authorizer.h"
#include "keys/value_cipher.h"
#include "store/store.h"

namespace cam::syscalls {

struct NamespaceState {
  std::string name;
  cam::storage::v1::NamespaceRecord record;
  std::shared_ptr<const keys::DataKey> data_key;
  std::atomic<int64_t> bytes{0};
  std::atomic<int64_t> keys{0};

  // TryReserve adds the deltas if the quota allows; returns false (adding nothing) otherwise.
  // Negative deltas always succeed.
  bool TryReserveBytes(int64_t delta);
  bool TryReserveKeys(int64_t delta);
};

class NamespaceDirectory final : public envelope::NamespaceDirectory {
 public:
  // Load reads every namespace record and recomputes usage from the key heads.
  static absl::StatusOr<std::unique_ptr<NamespaceDirectory>> Load(store::Store* store,
                                                                  const keys::ValueCipher* cipher);

  absl::StatusOr<std::optional<envelope::NamespaceOwnership>> Owner(
      const std::string& name) const override;

  // Find returns the namespace, or null.
  std::shared_ptr<NamespaceState> Find(const std::string& name) const;

  // Create stores a new namespace durably; AlreadyExists if the name is taken.
  absl::StatusOr<std::shared_ptr<NamespaceState>> Create(const std::string& name,
                                                         cam::storage::v1::NamespaceRecord record,
                                                         absl::Time deadline);
  // Forget drops a namespace from memory after its data was deleted.
  void Forget(const std::string& name);

  // List returns every namespace in name order.
  std::vector<std::shared_ptr<NamespaceState>> List() const;

 private:
  NamespaceDirectory(store::Store* store, const keys::ValueCipher* cipher)
      : store_(store), cipher_(cipher) {}

  store::Store* store_;
  const keys::ValueCipher* cipher_;
  mutable std::shared_mutex mu_;
  std::map<std::string, std::shared_ptr<NamespaceState>> namespaces_;
};

}  // namespace cam::syscalls

#endif  // CAM_SYSCALLS_MEMORY_NAMESPACE_DIRECTORY_H_
