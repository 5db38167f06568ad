// File: store/memory/memory_store.h
// MemoryStore: an in-memory cam::store::Store for tests. Correctness over speed; nothing
// survives destruction.
#ifndef CAM_STORE_MEMORY_MEMORY_STORE_H_
#define CAM_STORE_MEMORY_MEMORY_STORE_H_

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "store/store.h"

namespace cam::store {

// The whole key space is one std::map shared copy-on-write: snapshots and iterators hold a
// shared_ptr to the map as it was, and a write copies the map only while such a view is alive.
// Thread-safe like every Store.
class MemoryStore final : public Store {
 public:
  MemoryStore();
  ~MemoryStore() override;

  absl::StatusOr<std::string> Get(const ReadOptions& options, std::string_view key) override;
  absl::Status Write(const WriteOptions& options, const WriteBatch& batch) override;
  std::unique_ptr<Iterator> NewIterator(const ReadOptions& options) override;
  std::unique_ptr<Snapshot> GetSnapshot() override;

  // The map type, byte-wise ordered (std::string compares as unsigned char).
  using Map = std::map<std::string, std::string, std::less<>>;

 private:
  // The view a read should use: the snapshot's map, or the current one. Fails on a snapshot
  // that is not ours.
  absl::StatusOr<std::shared_ptr<const Map>> ViewFor(const ReadOptions& options) const;

  mutable std::shared_mutex mu_;
  std::shared_ptr<Map> current_;  // Guarded by mu_: readers copy the pointer under a shared lock.
};

}  // namespace cam::store

#endif  // CAM_STORE_MEMORY_MEMORY_STORE_H_
