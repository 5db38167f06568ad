#include "syscalls/memory/memory_syscalls.h"

#include <openssl/sha.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/hex.h"
#include "base/one_shot.h"
#include "base/random.h"
#include "base/reasons.h"
#include "base/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "syscalls/memory/keyspace.h"
#include "syscalls/memory/page_token.h"

namespace cam::syscalls {
namespace {

using base::Error;
using base::Reason;
using cam::storage::v1::KeyHead;
using cam::storage::v1::VersionMeta;
using cam::storage::v1::VersionRecord;

// StoreError turns a store failure into a reason-coded status, keeping the detail internal.
absl::Status StoreError(const absl::Status& status) {
  const absl::string_view message = status.message();
  const std::string detail(message.data(), message.size());
  switch (status.code()) {
    case absl::StatusCode::kDeadlineExceeded:
      return Error(Reason::kDeadlineExceeded, detail);
    case absl::StatusCode::kDataLoss:
      return Error(Reason::kStoreCorrupt, detail);
    default:
      return Error(Reason::kStoreUnavailable, detail);
  }
}

std::string Sha256(std::string_view data) {
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

std::string HexOf(std::string_view bytes) {
  return base::HexEncode({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
}

google::protobuf::Timestamp TimestampFromMicros(int64_t micros) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(micros);
}

template <typename T>
bool ParseRecord(std::string_view bytes, T& out) {
  return out.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
}

const VersionMeta* FindVersion(const KeyHead& head, int64_t version) {
  for (const VersionMeta& v : head.versions()) {
    if (v.version() == version) return &v;
  }
  return nullptr;
}

std::string ResourceOf(std::string_view ns, std::string_view key) {
  return absl::StrCat("ns/", absl::string_view(ns.data(), ns.size()), "/",
                      absl::string_view(key.data(), key.size()));
}

// Reservation holds quota taken from a namespace and gives it back unless committed.
class Reservation {
 public:
  explicit Reservation(NamespaceState& ns) : ns_(ns) {}
  ~Reservation() {
    if (!committed_) {
      ns_.TryReserveBytes(-bytes_);
      ns_.TryReserveKeys(-keys_);
    }
  }
  Reservation(const Reservation&) = delete;
  Reservation& operator=(const Reservation&) = delete;

  absl::Status Take(int64_t bytes, int64_t keys, bool enforce) {
    if (enforce) {
      if (!ns_.TryReserveBytes(bytes)) return Error(Reason::kStoreQuotaBytes);
      bytes_ = bytes;
      if (!ns_.TryReserveKeys(keys)) return Error(Reason::kStoreQuotaKeys);
      keys_ = keys;
    } else {
      ns_.bytes += bytes;
      ns_.keys += keys;
      bytes_ = bytes;
      keys_ = keys;
    }
    return absl::OkStatus();
  }
  void Commit() { committed_ = true; }

 private:
  NamespaceState& ns_;
  int64_t bytes_ = 0;
  int64_t keys_ = 0;
  bool committed_ = false;
};

}  // namespace

MemorySyscalls::MemorySyscalls(store::Store* store, NamespaceDirectory* directory,
                               const keys::ValueCipher* cipher, const base::Clock* clock,
                               MemoryConfig config)
    : store_(store), directory_(directory), cipher_(cipher), clock_(clock), config_(config) {}

absl::Status MemorySyscalls::RegisterAll(envelope::HandlerRegistry& registry) {
  for (const auto& [name, handler] : {
           std::pair{"cam.v1.Memory.ContextWrite",
                     envelope::MethodHandler(this, &MemorySyscalls::ContextWriteAsync)},
           std::pair{"cam.v1.Memory.ContextRead",
                     envelope::MethodHandler(this, &MemorySyscalls::ContextRead)},
           std::pair{"cam.v1.Memory.ContextDelete",
                     envelope::MethodHandler(this, &MemorySyscalls::ContextDelete)},
           std::pair{"cam.v1.Memory.ContextList",
                     envelope::MethodHandler(this, &MemorySyscalls::ContextList)},
           std::pair{"cam.v1.Memory.ContextVersionList",
                     envelope::MethodHandler(this, &MemorySyscalls::ContextVersionList)},
           std::pair{"cam.v1.Memory.ContextSnapshot",
                     envelope::MethodHandler(this, &MemorySyscalls::ContextSnapshot)},
           std::pair{"cam.v1.Memory.ContextRestore",
                     envelope::MethodHandler(this, &MemorySyscalls::ContextRestore)},
           std::pair{"cam.v1.Memory.SnapshotList",
                     envelope::MethodHandler(this, &MemorySyscalls::SnapshotList)},
           std::pair{"cam.v1.Memory.NamespaceCreate",
                     envelope::MethodHandler(this, &MemorySyscalls::NamespaceCreate)},
           std::pair{"cam.v1.Memory.NamespaceDelete",
                     envelope::MethodHandler(this, &MemorySyscalls::NamespaceDelete)},
           std::pair{"cam.v1.Memory.NamespaceList",
                     envelope::MethodHandler(this, &MemorySyscalls::NamespaceList)},
       }) {
    CAM_RETURN_IF_ERROR(registry.Register(name, handler));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<NamespaceState>> MemorySyscalls::RequireNamespace(
    const std::string& name) const {
  std::shared_ptr<NamespaceState> ns = directory_->Find(name);
  if (ns == nullptr) return Error(Reason::kStoreNamespaceNotFound);
  return ns;
}

absl::StatusOr<std::optional<KeyHead>> MemorySyscalls::ReadHead(const store::ReadOptions& options,
                                                                std::string_view ns,
                                                                std::string_view key) const {
  absl::StatusOr<std::string> raw = store_->Get(options, keyspace::HeadKey(ns, key));
  if (absl::IsNotFound(raw.status())) return std::optional<KeyHead>();
  if (!raw.ok()) return StoreError(raw.status());
  KeyHead head;
  if (!ParseRecord(*raw, head)) return Error(Reason::kStoreCorrupt, "key head");
  return std::optional<KeyHead>(std::move(head));
}

std::string MemorySyscalls::AssociatedData(const NamespaceState& ns, std::string_view key,
                                           int64_t version) const {
  // Length-prefixed parts, so no two (tenant, namespace, key, version) tuples encode alike.
  std::string aad = "cam.memory.v1";
  for (std::string_view part :
       {std::string_view(ns.record.tenant()), std::string_view(ns.name), key}) {
    absl::StrAppend(&aad, "|", part.size(), ":", absl::string_view(part.data(), part.size()));
  }
  absl::StrAppend(&aad, "|", version);
  return aad;
}

int MemorySyscalls::PageSize(int32_t requested) const {
  return requested <= 0 ? config_.default_page_size : requested;
}

// Members are destroyed in reverse order: a reservation that was not committed gives its
// quota back while the key is still locked.
struct MemorySyscalls::PendingWrite {
  BulkGate::Pass bulk;
  KeyWriteLocks::Hold key_lock;
  std::shared_ptr<NamespaceState> ns;
  std::unique_ptr<Reservation> reservation;
  store::WriteBatch batch;
  v1::ContextWriteResponse response;
};

MemorySyscalls::WriteLocks MemorySyscalls::LockForWrite(const v1::ContextWriteRequest& request) {
  WriteLocks locks;
  locks.bulk = bulk_gate_.EnterShared();
  locks.key = key_locks_.Acquire(request.namespace_(), request.key());
  return locks;
}

std::optional<MemorySyscalls::WriteLocks> MemorySyscalls::TryLockForWrite(
    const v1::ContextWriteRequest& request) {
  WriteLocks locks;
  locks.bulk = bulk_gate_.TryEnterShared();
  if (!locks.bulk.entered()) return std::nullopt;
  locks.key = key_locks_.TryAcquire(request.namespace_(), request.key());
  if (!locks.key.held()) return std::nullopt;
  return locks;
}

absl::StatusOr<MemorySyscalls::PendingWrite> MemorySyscalls::PrepareWrite(
    Call& call, const v1::ContextWriteRequest& request, WriteLocks locks) {
  PendingWrite pending;
  pending.bulk = std::move(locks.bulk);
  pending.key_lock = std::move(locks.key);
  CAM_ASSIGN_OR_RETURN(pending.ns, RequireNamespace(request.namespace_()));
  const NamespaceState& ns = *pending.ns;
  const std::string& key = request.key();
  call.audit.resource = ResourceOf(ns.name, key);
  CAM_ASSIGN_OR_RETURN(std::optional<KeyHead> head,
                       ReadHead({.deadline = call.deadline}, ns.name, key));
  const bool live = head.has_value() && !head->deleted();
  const int64_t current = live ? head->latest_version() : 0;
  if (request.has_expected_version() && request.expected_version() != current) {
    return Error(Reason::kStoreCasMismatch,
                 absl::StrCat("expected ", request.expected_version(), " current ", current));
  }

  KeyHead next = head.value_or(KeyHead());
  const int64_t version = next.latest_version() + 1;
  const int64_t now_micros = absl::ToUnixMicros(clock_->Now());
  const std::string digest = Sha256(request.value());

  VersionRecord record;
  CAM_ASSIGN_OR_RETURN(
      *record.mutable_sealed_value(),
      cipher_->Seal(*ns.data_key, AssociatedData(ns, key, version), request.value()));
  *record.mutable_metadata() = request.metadata();

  VersionMeta* meta = next.add_versions();
  meta->set_version(version);
  meta->set_size(static_cast<int64_t>(request.value().size()));
  meta->set_sha256(digest);
  meta->set_create_time_micros(now_micros);
  next.set_latest_version(version);
  next.set_deleted(false);
  next.set_update_time_micros(now_micros);

  int64_t pruned_bytes = 0;
  const int kept = std::max(1, config_.versions_kept);
  while (next.versions_size() > kept) {
    pruned_bytes += next.versions(0).size();
    pending.batch.Delete(keyspace::VersionKey(ns.name, key, next.versions(0).version()));
    next.mutable_versions()->erase(next.mutable_versions()->begin());
  }
  pending.batch.Put(keyspace::VersionKey(ns.name, key, version), record.SerializeAsString());
  pending.batch.Put(keyspace::HeadKey(ns.name, key), next.SerializeAsString());

  pending.reservation = std::make_unique<Reservation>(*pending.ns);
  CAM_RETURN_IF_ERROR(
      pending.reservation->Take(static_cast<int64_t>(request.value().size()) - pruned_bytes,
                                head.has_value() ? 0 : 1, /*enforce=*/true));

  pending.response.set_version(version);
  pending.response.set_sha256(HexOf(digest));
  *pending.response.mutable_create_time() = TimestampFromMicros(now_micros);
  return pending;
}

void MemorySyscalls::ContextWriteAsync(Call& call, const v1::ContextWriteRequest& request,
                                       envelope::Respond<v1::ContextWriteResponse> respond) {
  if (!call.run_blocking) {
    WriteLockedAsync(call, request, LockForWrite(request), std::move(respond));
    return;
  }
  if (std::optional<WriteLocks> locks = TryLockForWrite(request); locks.has_value()) {
    WriteLockedAsync(call, request, *std::move(locks), std::move(respond));
    return;
  }
  // Another writer holds the key (or a bulk operation the gate): wait on a thread that may.
  // The responder is shared so that a refused task can still answer.
  auto shared_respond =
      std::make_shared<envelope::Respond<v1::ContextWriteResponse>>(std::move(respond));
  const bool queued = call.run_blocking([this, &call, &request, shared_respond] {
    WriteLockedAsync(call, request, LockForWrite(request), std::move(*shared_respond));
  });
  if (!queued) {
    envelope::Respond<v1::ContextWriteResponse> refuse = std::move(*shared_respond);
    std::move(refuse)(Error(Reason::kServerDraining));
  }
}

void MemorySyscalls::WriteLockedAsync(Call& call, const v1::ContextWriteRequest& request,
                                      WriteLocks locks,
                                      envelope::Respond<v1::ContextWriteResponse> respond) {
  absl::StatusOr<PendingWrite> prepared = PrepareWrite(call, request, std::move(locks));
  if (!prepared.ok()) {
    std::move(respond)(prepared.status());
    return;
  }
  store::WriteBatch batch = std::move(prepared->batch);
  store_->WriteAsync({.deadline = call.deadline}, std::move(batch),
                     [&call, pending = std::make_unique<PendingWrite>(*std::move(prepared)),
                      respond = std::move(respond)](const absl::Status& written) mutable {
                       if (!written.ok()) {
                         pending.reset();
                         std::move(respond)(StoreError(written));
                         return;
                       }
                       pending->reservation->Commit();
                       v1::ContextWriteResponse response = std::move(pending->response);
                       // The key is unlocked before the call goes on to its audit record, so the
                       // next writer of the key need not wait for that too.
                       pending.reset();
                       call.audit.details = {{"version", absl::StrCat(response.version())},
                                             {"sha256", response.sha256()}};
                       std::move(respond)(std::move(response));
                     });
}

absl::StatusOr<v1::ContextWriteResponse> MemorySyscalls::ContextWrite(
    Call& call, const v1::ContextWriteRequest& request) {
  base::OneShot<absl::StatusOr<v1::ContextWriteResponse>> answer;
  ContextWriteAsync(call, request, [&answer](absl::StatusOr<v1::ContextWriteResponse> result) {
    answer.Set(std::move(result));
  });
  return answer.Wait();
}

absl::StatusOr<v1::ContextReadResponse> MemorySyscalls::ContextRead(
    Call& call, const v1::ContextReadRequest& request) {
  CAM_ASSIGN_OR_RETURN(std::shared_ptr<NamespaceState> ns, RequireNamespace(request.namespace_()));
  const std::string& key = request.key();
  call.audit.resource = ResourceOf(ns->name, key);
  // One snapshot for head and version, so a concurrent write cannot prune the version between.
  std::unique_ptr<store::Snapshot> snapshot = store_->GetSnapshot();
  const store::ReadOptions read{.snapshot = snapshot.get(), .deadline = call.deadline};
  CAM_ASSIGN_OR_RETURN(std::optional<KeyHead> head, ReadHead(read, ns->name, key));
  if (!head.has_value() || head->deleted()) return Error(Reason::kStoreNotFound);
  const int64_t version = request.version() == 0 ? head->latest_version() : request.version();
  const VersionMeta* meta = FindVersion(*head, version);
  if (meta == nullptr) return Error(Reason::kStoreVersionNotFound);

  absl::StatusOr<std::string> raw = store_->Get(read, keyspace::VersionKey(ns->name, key, version));
  if (!raw.ok()) {
    return absl::IsNotFound(raw.status()) ? Error(Reason::kStoreCorrupt, "version record missing")
                                          : StoreError(raw.status());
  }
  VersionRecord record;
  if (!ParseRecord(*raw, record)) return Error(Reason::kStoreCorrupt, "version record");
  absl::StatusOr<std::string> value =
      cipher_->Open(*ns->data_key, AssociatedData(*ns, key, version), record.sealed_value());
  if (!value.ok()) return Error(Reason::kStoreCorrupt, "stored value failed authentication");

  call.audit.details = {{"version", absl::StrCat(version)}};
  v1::ContextReadResponse response;
  v1::ContextEntry* entry = response.mutable_entry();
  entry->set_namespace_(ns->name);
  entry->set_key(key);
  entry->set_value(*std::move(value));
  entry->set_version(version);
  entry->set_sha256(HexOf(meta->sha256()));
  *entry->mutable_metadata() = record.metadata();
  *entry->mutable_create_time() = TimestampFromMicros(meta->create_time_micros());
  return response;
}

absl::StatusOr<v1::ContextDeleteResponse> MemorySyscalls::ContextDelete(
    Call& call, const v1::ContextDeleteRequest& request) {
  CAM_ASSIGN_OR_RETURN(std::shared_ptr<NamespaceState> ns, RequireNamespace(request.namespace_()));
  const std::string& key = request.key();
  call.audit.resource = ResourceOf(ns->name, key);

  BulkGate::Pass bulk = bulk_gate_.EnterShared();
  KeyWriteLocks::Hold key_lock = key_locks_.Acquire(ns->name, key);
  CAM_ASSIGN_OR_RETURN(std::optional<KeyHead> head,
                       ReadHead({.deadline = call.deadline}, ns->name, key));
  if (!head.has_value()) return Error(Reason::kStoreNotFound);

  v1::ContextDeleteResponse response;
  store::WriteBatch batch;
  int64_t freed_bytes = 0;
  int64_t freed_keys = 0;
  switch (request.mode()) {
    case v1::DELETE_MODE_UNSPECIFIED:
    case v1::DELETE_MODE_SOFT:
      head->set_deleted(true);
      call.audit.details = {{"mode", "soft"}};
      break;
    case v1::DELETE_MODE_UNDELETE:
      head->set_deleted(false);
      call.audit.details = {{"mode", "undelete"}};
      break;
    case v1::DELETE_MODE_DESTROY: {
      std::vector<int64_t> targets(request.versions().begin(), request.versions().end());
      if (targets.empty()) {
        for (const VersionMeta& v : head->versions()) targets.push_back(v.version());
      }
      for (int64_t v : targets) {
        if (FindVersion(*head, v) == nullptr) return Error(Reason::kStoreVersionNotFound);
      }
      KeyHead kept = *head;
      kept.clear_versions();
      for (const VersionMeta& v : head->versions()) {
        if (std::find(targets.begin(), targets.end(), v.version()) != targets.end()) {
          freed_bytes += v.size();
          batch.Delete(keyspace::VersionKey(ns->name, key, v.version()));
          response.set_destroyed_versions(response.destroyed_versions() + 1);
        } else {
          *kept.add_versions() = v;
        }
      }
      *head = std::move(kept);
      call.audit.details = {{"mode", "destroy"},
                            {"destroyed", absl::StrCat(response.destroyed_versions())}};
      break;
    }
    default:
      return Error(Reason::kValidationOutOfRange, "delete mode");
  }
  head->set_update_time_micros(absl::ToUnixMicros(clock_->Now()));
  if (head->versions().empty()) {
    batch.Delete(keyspace::HeadKey(ns->name, key));
    freed_keys = 1;
  } else {
    batch.Put(keyspace::HeadKey(ns->name, key), head->SerializeAsString());
  }
  if (absl::Status written = store_->Write({.deadline = call.deadline}, batch); !written.ok()) {
    return StoreError(written);
  }
  ns->TryReserveBytes(-freed_bytes);
  ns->TryReserveKeys(-freed_keys);
  response.set_latest_version(head->latest_version());
  response.set_deleted(head->deleted() || head->versions().empty());
  return response;
}

absl::StatusOr<v1::ContextListResponse> MemorySyscalls::ContextList(
    Call& call, const v1::ContextListRequest& request) {
  CAM_ASSIGN_OR_RETURN(std::shared_ptr<NamespaceState> ns, RequireNamespace(request.namespace_()));
  const std::string scope = absl::StrCat("list|", ns->name, "|", request.prefix(), "|",
                                         request.include_deleted() ? "d" : "");
  CAM_ASSIGN_OR_RETURN(std::string after, DecodePageToken(scope, request.page_token()));
  call.audit.resource = ResourceOf(ns->name, request.prefix());

  const std::string heads = keyspace::HeadPrefix(ns->name);
  const std::string start = heads + request.prefix();
  auto it =
      store_->NewIterator({.upper_bound = keyspace::PrefixEnd(start), .deadline = call.deadline});
  const int page_size = PageSize(request.page_size());
  v1::ContextListResponse response;
  if (after.empty()) {
    it->Seek(start);
  } else {
    it->Seek(heads + after);
    if (it->Valid() && it->key().substr(heads.size()) == after) it->Next();
  }
  for (; it->Valid(); it->Next()) {
    KeyHead head;
    if (!ParseRecord(it->value(), head)) return Error(Reason::kStoreCorrupt, "key head");
    if (head.deleted() && !request.include_deleted()) continue;
    const std::string key(it->key().substr(heads.size()));
    if (response.entries_size() == page_size) {
      response.set_next_page_token(
          EncodePageToken(scope, response.entries(response.entries_size() - 1).key()));
      break;
    }
    v1::ContextSummary* summary = response.add_entries();
    summary->set_key(key);
    summary->set_version(head.latest_version());
    summary->set_deleted(head.deleted());
    if (const VersionMeta* latest = FindVersion(head, head.latest_version())) {
      summary->set_size_bytes(latest->size());
      summary->set_sha256(HexOf(latest->sha256()));
    }
    *summary->mutable_update_time() = TimestampFromMicros(head.update_time_micros());
  }
  if (!it->status().ok()) return StoreError(it->status());
  return response;
}

absl::StatusOr<v1::ContextVersionListResponse> MemorySyscalls::ContextVersionList(
    Call& call, const v1::ContextVersionListRequest& request) {
  CAM_ASSIGN_OR_RETURN(std::shared_ptr<NamespaceState> ns, RequireNamespace(request.namespace_()));
  const std::string& key = request.key();
  call.audit.resource = ResourceOf(ns->name, key);
  const std::string scope = absl::StrCat("versions|", ns->name, "|", key);
  CAM_ASSIGN_OR_RETURN(std::string after, DecodePageToken(scope, request.page_token()));
  int64_t before = INT64_MAX;
  if (!after.empty() && !absl::SimpleAtoi(absl::string_view(after.data(), after.size()), &before)) {
    return Error(Reason::kValidationPageToken, "version page token");
  }
  CAM_ASSIGN_OR_RETURN(std::optional<KeyHead> head,
                       ReadHead({.deadline = call.deadline}, ns->name, key));
  if (!head.has_value()) return Error(Reason::kStoreNotFound);
  const int page_size = PageSize(request.page_size());
  v1::ContextVersionListResponse response;
  for (int i = head->versions_size() - 1; i >= 0; --i) {
    const VersionMeta& v = head->versions(i);
    if (v.version() >= before) continue;
    if (response.versions_size() == page_size) {
      response.set_next_page_token(EncodePageToken(
          scope, absl::StrCat(response.versions(response.versions_size() - 1).version())));
      break;
    }
    v1::VersionInfo* info = response.add_versions();
    info->set_version(v.version());
    info->set_sha256(HexOf(v.sha256()));
    info->set_size_bytes(v.size());
    *info->mutable_create_time() = TimestampFromMicros(v.create_time_micros());
  }
  return response;
}

absl::StatusOr<v1::ContextSnapshotResponse> MemorySyscalls::ContextSnapshot(
    Call& call, const v1::ContextSnapshotRequest& request) {
  CAM_ASSIGN_OR_RETURN(std::shared_ptr<NamespaceState> ns, RequireNamespace(request.namespace_()));
  const absl::Time now = clock_->Now();
  std::string id = request.snapshot_id();
  if (id.empty()) {
    id = absl::StrCat("snap-", absl::FormatTime("%Y%m%dT%H%M%SZ", now, absl::UTCTimeZone()), "-",
                      base::NewRequestId().substr(0, 8));
  }
  call.audit.resource = absl::StrCat("ns/", ns->name, "/snapshots/", id);

  std::unique_ptr<store::Snapshot> view = store_->GetSnapshot();
  const store::ReadOptions read{.snapshot = view.get(), .deadline = call.deadline};
  absl::StatusOr<std::string> existing = store_->Get(read, keyspace::SnapshotKey(ns->name, id));
  if (existing.ok()) return Error(Reason::kStoreSnapshotExists);
  if (!absl::IsNotFound(existing.status())) return StoreError(existing.status());

  cam::storage::v1::SnapshotRecord info;
  info.set_snapshot_id(id);
  info.set_description(request.description());
  info.set_create_time_micros(absl::ToUnixMicros(now));
  store::WriteBatch batch;
  const std::string heads = keyspace::HeadPrefix(ns->name);
  auto it = store_->NewIterator({.snapshot = view.get(),
                                 .upper_bound = keyspace::PrefixEnd(heads),
                                 .deadline = call.deadline});
  for (it->Seek(heads); it->Valid(); it->Next()) {
    KeyHead head;
    if (!ParseRecord(it->value(), head)) return Error(Reason::kStoreCorrupt, "key head");
    if (head.deleted()) continue;
    const std::string key(it->key().substr(heads.size()));
    const VersionMeta* meta = FindVersion(head, head.latest_version());
    if (meta == nullptr) continue;
    absl::StatusOr<std::string> raw =
        store_->Get(read, keyspace::VersionKey(ns->name, key, head.latest_version()));
    if (!raw.ok()) return StoreError(raw.status());
    cam::storage::v1::SnapshotEntry entry;
    if (!ParseRecord(*raw, *entry.mutable_record())) return Error(Reason::kStoreCorrupt, "version");
    entry.set_source_version(head.latest_version());
    *entry.mutable_meta() = *meta;
    batch.Put(keyspace::SnapshotEntryKey(ns->name, id, key), entry.SerializeAsString());
    info.set_key_count(info.key_count() + 1);
    info.set_total_bytes(info.total_bytes() + meta->size());
  }
  if (!it->status().ok()) return StoreError(it->status());
  batch.Put(keyspace::SnapshotKey(ns->name, id), info.SerializeAsString());
  if (absl::Status written = store_->Write({.deadline = call.deadline}, batch); !written.ok()) {
    return StoreError(written);
  }
  call.audit.details = {{"snapshot", id}, {"keys", absl::StrCat(info.key_count())}};
  v1::ContextSnapshotResponse response;
  v1::SnapshotInfo* out = response.mutable_snapshot();
  out->set_snapshot_id(id);
  out->set_namespace_(ns->name);
  *out->mutable_create_time() = TimestampFromMicros(info.create_time_micros());
  out->set_key_count(info.key_count());
  out->set_total_bytes(info.total_bytes());
  out->set_description(info.description());
  return response;
}

absl::StatusOr<v1::ContextRestoreResponse> MemorySyscalls::ContextRestore(
    Call& call, const v1::ContextRestoreRequest& request) {
  CAM_ASSIGN_OR_RETURN(std::shared_ptr<NamespaceState> ns, RequireNamespace(request.namespace_()));
  const std::string& id = request.snapshot_id();
  call.audit.resource = absl::StrCat("ns/", ns->name, "/snapshots/", id);
  // Restore rewrites the whole namespace: no single-key writer may interleave.
  BulkGate::Pass bulk = bulk_gate_.EnterExclusive();
  const store::ReadOptions read{.deadline = call.deadline};
  absl::StatusOr<std::string> info_raw = store_->Get(read, keyspace::SnapshotKey(ns->name, id));
  if (absl::IsNotFound(info_raw.status())) return Error(Reason::kStoreSnapshotNotFound);
  if (!info_raw.ok()) return StoreError(info_raw.status());

  // Current heads of the namespace.
  std::map<std::string, KeyHead> heads;
  const std::string head_prefix = keyspace::HeadPrefix(ns->name);
  {
    auto it = store_->NewIterator(
        {.upper_bound = keyspace::PrefixEnd(head_prefix), .deadline = call.deadline});
    for (it->Seek(head_prefix); it->Valid(); it->Next()) {
      KeyHead head;
      if (!ParseRecord(it->value(), head)) return Error(Reason::kStoreCorrupt, "key head");
      heads.emplace(std::string(it->key().substr(head_prefix.size())), std::move(head));
    }
    if (!it->status().ok()) return StoreError(it->status());
  }
  if (!request.force()) {
    for (const auto& [key, head] : heads) {
      if (!head.deleted()) return Error(Reason::kStoreRestoreConflict);
    }
  }

  const int64_t now_micros = absl::ToUnixMicros(clock_->Now());
  const int kept = std::max(1, config_.versions_kept);
  store::WriteBatch batch;
  int64_t bytes_delta = 0;
  int64_t keys_delta = 0;
  std::set<std::string> restored;
  const std::string entry_prefix = keyspace::SnapshotEntryPrefix(ns->name, id);
  auto it = store_->NewIterator(
      {.upper_bound = keyspace::PrefixEnd(entry_prefix), .deadline = call.deadline});
  for (it->Seek(entry_prefix); it->Valid(); it->Next()) {
    const std::string key(it->key().substr(entry_prefix.size()));
    cam::storage::v1::SnapshotEntry entry;
    if (!ParseRecord(it->value(), entry)) return Error(Reason::kStoreCorrupt, "snapshot entry");
    absl::StatusOr<std::string> value =
        cipher_->Open(*ns->data_key, AssociatedData(*ns, key, entry.source_version()),
                      entry.record().sealed_value());
    if (!value.ok()) return Error(Reason::kStoreCorrupt, "snapshot value failed authentication");

    auto [slot, inserted] = heads.try_emplace(key);
    KeyHead& head = slot->second;
    if (inserted) keys_delta += 1;
    const int64_t version = head.latest_version() + 1;
    VersionRecord record;
    CAM_ASSIGN_OR_RETURN(*record.mutable_sealed_value(),
                         cipher_->Seal(*ns->data_key, AssociatedData(*ns, key, version), *value));
    *record.mutable_metadata() = entry.record().metadata();
    VersionMeta* meta = head.add_versions();
    *meta = entry.meta();
    meta->set_version(version);
    meta->set_create_time_micros(now_micros);
    bytes_delta += meta->size();
    head.set_latest_version(version);
    head.set_deleted(false);
    head.set_update_time_micros(now_micros);
    while (head.versions_size() > kept) {
      bytes_delta -= head.versions(0).size();
      batch.Delete(keyspace::VersionKey(ns->name, key, head.versions(0).version()));
      head.mutable_versions()->erase(head.mutable_versions()->begin());
    }
    batch.Put(keyspace::VersionKey(ns->name, key, version), record.SerializeAsString());
    batch.Put(keyspace::HeadKey(ns->name, key), head.SerializeAsString());
    restored.insert(key);
  }
  if (!it->status().ok()) return StoreError(it->status());
  // Keys the snapshot did not have are soft-deleted, so the namespace reads as it did then and
  // nothing is lost: undelete brings them back.
  for (auto& [key, head] : heads) {
    if (restored.contains(key) || head.deleted()) continue;
    head.set_deleted(true);
    head.set_update_time_micros(now_micros);
    batch.Put(keyspace::HeadKey(ns->name, key), head.SerializeAsString());
  }
  if (absl::Status written = store_->Write({.deadline = call.deadline}, batch); !written.ok()) {
    return StoreError(written);
  }
  ns->bytes += bytes_delta;
  ns->keys += keys_delta;
  call.audit.details = {{"snapshot", id},
                        {"keys_restored", absl::StrCat(restored.size())},
                        {"force", request.force() ? "true" : "false"}};
  v1::ContextRestoreResponse response;
  response.set_keys_restored(static_cast<int64_t>(restored.size()));
  return response;
}

absl::StatusOr<v1::SnapshotListResponse> MemorySyscalls::SnapshotList(
    Call& call, const v1::SnapshotListRequest& request) {
  CAM_ASSIGN_OR_RETURN(std::shared_ptr<NamespaceState> ns, RequireNamespace(request.namespace_()));
  const std::string scope = absl::StrCat("snapshots|", ns->name);
  CAM_ASSIGN_OR_RETURN(std::string after, DecodePageToken(scope, request.page_token()));
  call.audit.resource = absl::StrCat("ns/", ns->name, "/snapshots");
  const std::string prefix = keyspace::SnapshotPrefix(ns->name);
  auto it =
      store_->NewIterator({.upper_bound = keyspace::PrefixEnd(prefix), .deadline = call.deadline});
  it->Seek(after.empty() ? prefix : prefix + after);
  if (!after.empty() && it->Valid() && it->key().substr(prefix.size()) == after) it->Next();
  const int page_size = PageSize(request.page_size());
  v1::SnapshotListResponse response;
  for (; it->Valid(); it->Next()) {
    if (response.snapshots_size() == page_size) {
      response.set_next_page_token(
          EncodePageToken(scope, response.snapshots(response.snapshots_size() - 1).snapshot_id()));
      break;
    }
    cam::storage::v1::SnapshotRecord record;
    if (!ParseRecord(it->value(), record)) return Error(Reason::kStoreCorrupt, "snapshot record");
    v1::SnapshotInfo* info = response.add_snapshots();
    info->set_snapshot_id(record.snapshot_id());
    info->set_namespace_(ns->name);
    *info->mutable_create_time() = TimestampFromMicros(record.create_time_micros());
    info->set_key_count(record.key_count());
    info->set_total_bytes(record.total_bytes());
    info->set_description(record.description());
  }
  if (!it->status().ok()) return StoreError(it->status());
  return response;
}

namespace {

void FillNamespaceInfo(const NamespaceState& ns, v1::NamespaceInfo* info) {
  info->set_namespace_(ns.name);
  info->set_owner(ns.record.owner());
  info->set_tenant(ns.record.tenant());
  info->mutable_quota()->set_max_bytes(ns.record.max_bytes());
  info->mutable_quota()->set_max_keys(ns.record.max_keys());
  info->mutable_usage()->set_bytes(ns.bytes.load());
  info->mutable_usage()->set_keys(ns.keys.load());
  *info->mutable_create_time() = TimestampFromMicros(ns.record.create_time_micros());
}

}  // namespace

absl::StatusOr<v1::NamespaceCreateResponse> MemorySyscalls::NamespaceCreate(
    Call& call, const v1::NamespaceCreateRequest& request) {
  call.audit.resource = absl::StrCat("ns/", request.namespace_());
  cam::storage::v1::NamespaceRecord record;
  record.set_owner(call.principal->id);
  record.set_tenant(call.principal->tenant);
  record.set_max_bytes(request.quota().max_bytes());
  record.set_max_keys(request.quota().max_keys());
  record.set_create_time_micros(absl::ToUnixMicros(clock_->Now()));
  std::string salt(32, '\0');
  base::FillRandom({reinterpret_cast<uint8_t*>(salt.data()), salt.size()});
  record.set_data_key_salt(salt);
  absl::StatusOr<std::shared_ptr<NamespaceState>> ns =
      directory_->Create(request.namespace_(), std::move(record), call.deadline);
  if (!ns.ok()) {
    return base::ReasonOf(ns.status()).has_value() ? ns.status() : StoreError(ns.status());
  }
  v1::NamespaceCreateResponse response;
  FillNamespaceInfo(**ns, response.mutable_namespace_info());
  return response;
}

absl::StatusOr<v1::NamespaceDeleteResponse> MemorySyscalls::NamespaceDelete(
    Call& call, const v1::NamespaceDeleteRequest& request) {
  CAM_ASSIGN_OR_RETURN(std::shared_ptr<NamespaceState> ns, RequireNamespace(request.namespace_()));
  call.audit.resource = absl::StrCat("ns/", ns->name);
  BulkGate::Pass bulk = bulk_gate_.EnterExclusive();
  const int64_t keys = ns->keys.load();
  if (keys > 0 && !request.force()) return Error(Reason::kStoreNamespaceNotEmpty);
  store::WriteBatch batch;
  for (const std::string& prefix :
       {keyspace::HeadPrefix(ns->name), keyspace::VersionPrefix(ns->name),
        keyspace::SnapshotPrefix(ns->name), keyspace::AllSnapshotEntriesPrefix(ns->name)}) {
    batch.DeleteRange(prefix, keyspace::PrefixEnd(prefix));
  }
  // Deleting the record deletes the data key salt: whatever remains on disk until compaction
  // can no longer be decrypted (crypto-shredding).
  batch.Delete(keyspace::NamespaceKey(ns->name));
  if (absl::Status written = store_->Write({.deadline = call.deadline}, batch); !written.ok()) {
    return StoreError(written);
  }
  directory_->Forget(ns->name);
  call.audit.details = {{"keys_destroyed", absl::StrCat(keys)}};
  v1::NamespaceDeleteResponse response;
  response.set_keys_destroyed(keys);
  return response;
}

absl::StatusOr<v1::NamespaceListResponse> MemorySyscalls::NamespaceList(
    Call& call, const v1::NamespaceListRequest& request) {
  CAM_ASSIGN_OR_RETURN(std::string after, DecodePageToken("namespaces", request.page_token()));
  call.audit.resource = "ns/";
  const envelope::Principal& principal = *call.principal;
  const int page_size = PageSize(request.page_size());
  v1::NamespaceListResponse response;
  for (const std::shared_ptr<NamespaceState>& ns : directory_->List()) {
    if (!after.empty() && ns->name <= after) continue;
    // Non-operators see only their own namespaces, operators those of their own tenant: names
    // of others do not leak.
    if (ns->record.tenant() != principal.tenant ||
        (!principal.is_operator() && ns->record.owner() != principal.id)) {
      continue;
    }
    if (response.namespaces_size() == page_size) {
      response.set_next_page_token(EncodePageToken(
          "namespaces", response.namespaces(response.namespaces_size() - 1).namespace_()));
      break;
    }
    FillNamespaceInfo(*ns, response.add_namespaces());
  }
  return response;
}

}  // namespace cam::syscalls
