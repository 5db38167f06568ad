#include "syscalls/memory/namespace_directory.h"

#include <mutex>

#include "base/reasons.h"
#include "base/status_macros.h"
#include "syscalls/memory/keyspace.h"

namespace cam::syscalls {
namespace {

bool TryReserve(std::atomic<int64_t>& counter, int64_t delta, int64_t limit) {
  int64_t current = counter.load();
  while (true) {
    const int64_t next = current + delta;
    if (delta > 0 && limit > 0 && next > limit) return false;
    if (counter.compare_exchange_weak(current, next)) return true;
  }
}

}  // namespace

bool NamespaceState::TryReserveBytes(int64_t delta) {
  return TryReserve(bytes, delta, record.max_bytes());
}

bool NamespaceState::TryReserveKeys(int64_t delta) {
  return TryReserve(keys, delta, record.max_keys());
}

absl::StatusOr<std::unique_ptr<NamespaceDirectory>> NamespaceDirectory::Load(
    store::Store* store, const keys::ValueCipher* cipher) {
  std::unique_ptr<NamespaceDirectory> directory(new NamespaceDirectory(store, cipher));
  const std::string ns_end = keyspace::PrefixEnd(keyspace::kNamespacePrefix);
  auto it = store->NewIterator({.upper_bound = ns_end});
  for (it->Seek(keyspace::kNamespacePrefix); it->Valid(); it->Next()) {
    auto state = std::make_shared<NamespaceState>();
    state->name = std::string(it->key().substr(keyspace::kNamespacePrefix.size()));
    if (!state->record.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return base::Error(base::Reason::kStoreCorrupt, "namespace record " + state->name);
    }
    CAM_ASSIGN_OR_RETURN(state->data_key, cipher->DeriveDataKey(state->record.data_key_salt()));
    directory->namespaces_[state->name] = state;
  }
  CAM_RETURN_IF_ERROR(it->status());
  // Usage is derived from the heads rather than stored, so it never drifts from the data.
  for (auto& [name, state] : directory->namespaces_) {
    const std::string prefix = keyspace::HeadPrefix(name);
    auto heads = store->NewIterator({.upper_bound = keyspace::PrefixEnd(prefix)});
    int64_t bytes = 0;
    int64_t keys = 0;
    for (heads->Seek(prefix); heads->Valid(); heads->Next()) {
      cam::storage::v1::KeyHead head;
      if (!head.ParseFromArray(heads->value().data(), static_cast<int>(heads->value().size()))) {
        return base::Error(base::Reason::kStoreCorrupt, "key head in " + name);
      }
      ++keys;
      for (const auto& version : head.versions()) bytes += version.size();
    }
    CAM_RETURN_IF_ERROR(heads->status());
    state->bytes = bytes;
    state->keys = keys;
  }
  return directory;
}

absl::StatusOr<std::optional<envelope::NamespaceOwnership>> NamespaceDirectory::Owner(
    const std::string& name) const {
  std::shared_ptr<NamespaceState> state = Find(name);
  if (state == nullptr) return std::optional<envelope::NamespaceOwnership>();
  return std::optional<envelope::NamespaceOwnership>(envelope::NamespaceOwnership{
      .owner = state->record.owner(), .tenant = state->record.tenant()});
}

std::shared_ptr<NamespaceState> NamespaceDirectory::Find(const std::string& name) const {
  std::shared_lock lock(mu_);
  auto it = namespaces_.find(name);
  return it == namespaces_.end() ? nullptr : it->second;
}

absl::StatusOr<std::shared_ptr<NamespaceState>> NamespaceDirectory::Create(
    const std::string& name, cam::storage::v1::NamespaceRecord record, absl::Time deadline) {
  auto state = std::make_shared<NamespaceState>();
  state->name = name;
  CAM_ASSIGN_OR_RETURN(state->data_key, cipher_->DeriveDataKey(record.data_key_salt()));
  state->record = std::move(record);
  // Holding the lock across the durable write makes create-if-absent atomic; namespace
  // creation is rare, so serialising it costs nothing that matters.
  std::unique_lock lock(mu_);
  if (namespaces_.contains(name)) {
    return base::Error(base::Reason::kStoreNamespaceExists);
  }
  CAM_RETURN_IF_ERROR(store_->Put({.deadline = deadline}, keyspace::NamespaceKey(name),
                                  state->record.SerializeAsString()));
  namespaces_[name] = state;
  return state;
}

void NamespaceDirectory::Forget(const std::string& name) {
  std::unique_lock lock(mu_);
  namespaces_.erase(name);
}

std::vector<std::shared_ptr<NamespaceState>> NamespaceDirectory::List() const {
  std::shared_lock lock(mu_);
  std::vector<std::shared_ptr<NamespaceState>> out;
  out.reserve(namespaces_.size());
  for (const auto& [name, state] : namespaces_) out.push_back(state);
  return out;
}

}  // namespace cam::syscalls
