// File: syscalls/memory/memory_syscalls.h
// MemorySyscalls: the handlers of the Memory family (remember, recall, forget). Each sees only
// a call the envelope has authenticated, validated and authorized; it builds storage keys with
// the keyspace helper, seals values with the namespace data key, writes one atomic batch with
// the call's deadline, and notes audit facts (never values) on the call.
//
// Writes to one key are serialised by a striped lock (check-and-set and version numbering need
// it); writes to different keys run concurrently and share the store's synced group commit.
// ContextWrite does not hold a thread while its batch syncs: it hands the batch to
// Store::WriteAsync and answers from the completion.
#ifndef CAM_SYSCALLS_MEMORY_MEMORY_SYSCALLS_H_
#define CAM_SYSCALLS_MEMORY_MEMORY_SYSCALLS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "cam/v1/memory.pb.h"
#include "envelope/call.h"
#include "envelope/handler_registry.h"
#include "keys/value_cipher.h"
#include "store/store.h"
#include "syscalls/memory/bulk_gate.h"
#include "syscalls/memory/key_write_locks.h"
#include "syscalls/memory/namespace_directory.h"

namespace cam::syscalls {

struct MemoryConfig {
  // Versions kept per key; older ones are erased as new ones are written. Default 10.
  int versions_kept = 10;
  // Page size when a request asks for 0. Default 100.
  int default_page_size = 100;
};

class MemorySyscalls {
 public:
  MemorySyscalls(store::Store* store, NamespaceDirectory* directory,
                 const keys::ValueCipher* cipher, const base::Clock* clock, MemoryConfig config);

  // RegisterAll adds every Memory handler to `registry`.
  absl::Status RegisterAll(envelope::HandlerRegistry& registry);

  using Call = envelope::Call;
  // ContextWriteAsync answers through `respond` once the write is durable (on the store's commit
  // thread) or has failed. It waits for no other call on a thread given call.run_blocking: when
  // another writer holds the key, it goes on in a run_blocking task. ContextWrite waits for the
  // answer; it must not be called from a store completion.
  void ContextWriteAsync(Call& call, const v1::ContextWriteRequest& request,
                         envelope::Respond<v1::ContextWriteResponse> respond);
  absl::StatusOr<v1::ContextWriteResponse> ContextWrite(Call& call,
                                                        const v1::ContextWriteRequest& request);
  absl::StatusOr<v1::ContextReadResponse> ContextRead(Call& call,
                                                      const v1::ContextReadRequest& request);
  absl::StatusOr<v1::ContextDeleteResponse> ContextDelete(Call& call,
                                                          const v1::ContextDeleteRequest& request);
  absl::StatusOr<v1::ContextListResponse> ContextList(Call& call,
                                                      const v1::ContextListRequest& request);
  absl::StatusOr<v1::ContextVersionListResponse> ContextVersionList(
      Call& call, const v1::ContextVersionListRequest& request);
  absl::StatusOr<v1::ContextSnapshotResponse> ContextSnapshot(
      Call& call, const v1::ContextSnapshotRequest& request);
  absl::StatusOr<v1::ContextRestoreResponse> ContextRestore(
      Call& call, const v1::ContextRestoreRequest& request);
  absl::StatusOr<v1::SnapshotListResponse> SnapshotList(Call& call,
                                                        const v1::SnapshotListRequest& request);
  absl::StatusOr<v1::NamespaceCreateResponse> NamespaceCreate(
      Call& call, const v1::NamespaceCreateRequest& request);
  absl::StatusOr<v1::NamespaceDeleteResponse> NamespaceDelete(
      Call& call, const v1::NamespaceDeleteRequest& request);
  absl::StatusOr<v1::NamespaceListResponse> NamespaceList(Call& call,
                                                          const v1::NamespaceListRequest& request);

 private:
  // A ContextWrite between its check of the key's head and its durable batch.
  struct PendingWrite;
  // The locks a ContextWrite holds from reading the key's head until its batch is durable.
  struct WriteLocks {
    BulkGate::Pass bulk;
    KeyWriteLocks::Hold key;
  };
  WriteLocks LockForWrite(const v1::ContextWriteRequest& request);
  // TryLockForWrite takes both locks only if neither is taken: nullopt otherwise.
  std::optional<WriteLocks> TryLockForWrite(const v1::ContextWriteRequest& request);
  void WriteLockedAsync(Call& call, const v1::ContextWriteRequest& request, WriteLocks locks,
                        envelope::Respond<v1::ContextWriteResponse> respond);
  absl::StatusOr<PendingWrite> PrepareWrite(Call& call, const v1::ContextWriteRequest& request,
                                            WriteLocks locks);
  absl::StatusOr<std::shared_ptr<NamespaceState>> RequireNamespace(const std::string& name) const;
  absl::StatusOr<std::optional<cam::storage::v1::KeyHead>> ReadHead(
      const store::ReadOptions& options, std::string_view ns, std::string_view key) const;
  std::string AssociatedData(const NamespaceState& ns, std::string_view key, int64_t version) const;
  int PageSize(int32_t requested) const;

  store::Store* store_;
  NamespaceDirectory* directory_;
  const keys::ValueCipher* cipher_;
  const base::Clock* clock_;
  const MemoryConfig config_;
  KeyWriteLocks key_locks_;
  // Restore and namespace deletion touch every key of a namespace; they enter this exclusively
  // while single-key writers enter it shared.
  BulkGate bulk_gate_;
};

}  // namespace cam::syscalls

#endif  // CAM_SYSCALLS_MEMORY_MEMORY_SYSCALLS_H_
