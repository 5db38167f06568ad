// File: store/memory/memory_store.cc
#include "store/memory/memory_store.h"

#include <mutex>
#include <utility>

namespace cam::store {
namespace {

class MemorySnapshot final : public Snapshot {
 public:
  MemorySnapshot(const MemoryStore* owner, std::shared_ptr<const MemoryStore::Map> map)
      : owner_(owner), map_(std::move(map)) {}

  const MemoryStore* owner() const { return owner_; }
  const std::shared_ptr<const MemoryStore::Map>& map() const { return map_; }

 private:
  const MemoryStore* owner_;
  std::shared_ptr<const MemoryStore::Map> map_;
};

class MemoryIterator final : public Iterator {
 public:
  MemoryIterator(std::shared_ptr<const MemoryStore::Map> map, std::optional<std::string> upper,
                 absl::Time deadline)
      : map_(std::move(map)), upper_(std::move(upper)), deadline_(deadline), it_(map_->end()) {}

  bool Valid() const override { return status_.ok() && it_ != map_->end(); }

  void SeekToFirst() override {
    if (!Start()) return;
    it_ = map_->begin();
    ApplyBound();
  }

  void Seek(std::string_view target) override {
    if (!Start()) return;
    it_ = map_->lower_bound(target);
    ApplyBound();
  }

  void Next() override {
    if (!Valid()) return;
    if (!Start()) return;
    ++it_;
    ApplyBound();
  }

  std::string_view key() const override { return it_->first; }
  std::string_view value() const override { return it_->second; }
  absl::Status status() const override { return status_; }

 private:
  // Start checks the deadline before a move; a passed deadline ends iteration with its status.
  bool Start() {
    status_ = CheckDeadline(deadline_);
    if (!status_.ok()) it_ = map_->end();
    return status_.ok();
  }

  void ApplyBound() {
    if (upper_.has_value() && it_ != map_->end() && it_->first >= *upper_) it_ = map_->end();
  }

  std::shared_ptr<const MemoryStore::Map> map_;
  std::optional<std::string> upper_;
  absl::Time deadline_;
  MemoryStore::Map::const_iterator it_;
  absl::Status status_;
};

}  // namespace

MemoryStore::MemoryStore() : current_(std::make_shared<Map>()) {}

MemoryStore::~MemoryStore() = default;

absl::StatusOr<std::shared_ptr<const MemoryStore::Map>> MemoryStore::ViewFor(
    const ReadOptions& options) const {
  if (options.snapshot != nullptr) {
    const auto* snapshot = dynamic_cast<const MemorySnapshot*>(options.snapshot);
    if (snapshot == nullptr || snapshot->owner() != this) {
      return absl::InvalidArgumentError("store: snapshot belongs to another store");
    }
    return snapshot->map();
  }
  std::shared_lock lock(mu_);
  return std::shared_ptr<const Map>(current_);
}

absl::StatusOr<std::string> MemoryStore::Get(const ReadOptions& options, std::string_view key) {
  if (absl::Status s = CheckDeadline(options.deadline); !s.ok()) return s;
  if (options.snapshot == nullptr) {
    // The common case reads under the shared lock without pinning a view.
    std::shared_lock lock(mu_);
    auto it = current_->find(key);
    if (it == current_->end()) return absl::NotFoundError("store: key not found");
    return it->second;
  }
  absl::StatusOr<std::shared_ptr<const Map>> view = ViewFor(options);
  if (!view.ok()) return view.status();
  auto it = (*view)->find(key);
  if (it == (*view)->end()) return absl::NotFoundError("store: key not found");
  return it->second;
}

absl::Status MemoryStore::Write(const WriteOptions& options, const WriteBatch& batch) {
  if (absl::Status s = CheckDeadline(options.deadline); !s.ok()) return s;
  std::unique_lock lock(mu_);
  // A snapshot or iterator still reading the current map keeps it: write to a copy. Views only
  // copy the pointer under the lock, so a count of 1 here cannot grow until we unlock.
  if (current_.use_count() > 1) current_ = std::make_shared<Map>(*current_);
  Map& map = *current_;
  for (const WriteBatch::Op& op : batch.ops()) {
    switch (op.type) {
      case WriteBatch::OpType::kPut:
        map.insert_or_assign(op.key, op.value);
        break;
      case WriteBatch::OpType::kDelete:
        map.erase(op.key);
        break;
      case WriteBatch::OpType::kDeleteRange:
        if (op.key < op.value) map.erase(map.lower_bound(op.key), map.lower_bound(op.value));
        break;
    }
  }
  return absl::OkStatus();
}

std::unique_ptr<Iterator> MemoryStore::NewIterator(const ReadOptions& options) {
  if (absl::Status s = CheckDeadline(options.deadline); !s.ok()) return NewErrorIterator(s);
  absl::StatusOr<std::shared_ptr<const Map>> view = ViewFor(options);
  if (!view.ok()) return NewErrorIterator(view.status());
  return std::make_unique<MemoryIterator>(*std::move(view), options.upper_bound, options.deadline);
}

std::unique_ptr<Snapshot> MemoryStore::GetSnapshot() {
  std::shared_lock lock(mu_);
  return std::make_unique<MemorySnapshot>(this, current_);
}

}  // namespace cam::store
