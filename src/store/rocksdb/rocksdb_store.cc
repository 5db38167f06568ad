// File: store/rocksdb/rocksdb_store.cc
#include "store/rocksdb/rocksdb_store.h"

#include <filesystem>
#include <optional>
#include <system_error>
#include <utility>

#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/iterator.h"
#include "rocksdb/options.h"
#include "rocksdb/slice.h"
#include "rocksdb/snapshot.h"
#include "rocksdb/status.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "store/rocksdb/commit_queue.h"
#include "store/rocksdb/rocksdb_conversions.h"

namespace cam::store {
namespace {

using rocks::FromRocks;
using rocks::ToSlice;
using rocks::ToView;

class RocksDbSnapshot final : public Snapshot {
 public:
  RocksDbSnapshot(const RocksDbStore* owner, rocksdb::DB* db, const rocksdb::Snapshot* snapshot)
      : owner_(owner), db_(db), snapshot_(snapshot) {}
  ~RocksDbSnapshot() override { db_->ReleaseSnapshot(snapshot_); }

  const RocksDbStore* owner() const { return owner_; }
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  const RocksDbStore* owner_;
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
};

class RocksDbIterator final : public Iterator {
 public:
  RocksDbIterator(rocksdb::DB* db, rocksdb::ReadOptions options,
                  std::optional<std::string> upper_bound, absl::Time deadline)
      : upper_bound_(std::move(upper_bound)), deadline_(deadline) {
    if (upper_bound_.has_value()) {
      upper_slice_ = ToSlice(*upper_bound_);
      options.iterate_upper_bound = &upper_slice_;
    }
    it_.reset(db->NewIterator(options));
  }

  bool Valid() const override { return status_.ok() && it_->Valid(); }

  void SeekToFirst() override {
    if (Start()) it_->SeekToFirst();
  }

  void Seek(std::string_view target) override {
    if (Start()) it_->Seek(ToSlice(target));
  }

  void Next() override {
    if (Valid() && Start()) it_->Next();
  }

  std::string_view key() const override { return ToView(it_->key()); }
  std::string_view value() const override { return ToView(it_->value()); }

  absl::Status status() const override {
    if (!status_.ok()) return status_;
    return FromRocks(it_->status(), "iterate");
  }

 private:
  bool Start() {
    status_ = CheckDeadline(deadline_);
    return status_.ok();
  }

  // RocksDB keeps a pointer to the bound slice, which points into upper_bound_: both are
  // declared before it_ so they outlive it.
  std::optional<std::string> upper_bound_;
  rocksdb::Slice upper_slice_;
  absl::Time deadline_;
  absl::Status status_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> RocksDbStore::Open(const std::string& path,
                                                          const RocksDbOptions& options) {
  if (path.empty()) return absl::InvalidArgumentError("rocksdb open: empty path");

  std::error_code ec;
  if (std::filesystem::create_directories(path, ec)) {
    // Only a directory we created is narrowed; an operator's existing one keeps its mode.
    std::filesystem::permissions(path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
  }
  if (ec) return absl::UnavailableError("rocksdb open: cannot create the data directory");

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_size);
  if (options.bloom_bits_per_key > 0) {
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(options.bloom_bits_per_key));
  }
  // Index and filter blocks go through the cache so its capacity bounds them too; level 0's stay
  // pinned because every read consults them.
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;

  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.paranoid_checks = true;
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  db_options.write_buffer_size = options.write_buffer_size;
  db_options.max_write_buffer_number = 2;
  db_options.max_open_files = options.max_open_files;
  db_options.max_background_jobs = options.max_background_jobs;
  db_options.level_compaction_dynamic_level_bytes = true;
  // After a crash, replay the log up to the first torn or corrupt record: a torn tail is what
  // kill -9 or power loss leaves behind, and everything before it (every synced write) is kept.
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  // Keep RocksDB's own info LOG from growing without bound.
  db_options.max_log_file_size = 1 << 20;
  db_options.keep_log_file_num = 3;
  // Writers waiting for a group commit block instead of spinning first: spinning only pays when
  // a core is idle, and camd shares few cores with its transports (on 2 cores the spin showed
  // as 12% of camd's CPU under a write load).
  db_options.enable_write_thread_adaptive_yield = false;
  // Group commit (the default write path, no pipelining, one write queue) already lets
  // concurrent synced writers share an fsync; the other write modes trade ordering guarantees
  // camd relies on for throughput it does not need.

  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, path, &raw);
  if (!s.ok()) return FromRocks(s, "open");
  return std::unique_ptr<Store>(new RocksDbStore(std::unique_ptr<rocksdb::DB>(raw)));
}

RocksDbStore::RocksDbStore(std::unique_ptr<rocksdb::DB> db)
    : db_(std::move(db)), commits_(std::make_unique<CommitQueue>(db_.get())) {}

RocksDbStore::~RocksDbStore() {
  // Queued asynchronous writes are committed (and their callers answered) before the close.
  commits_.reset();
  // Close waits for background flushes and compactions. It fails only if a snapshot is still
  // held, which the contract forbids; the DB is released below either way, and there is no
  // caller left to report to.
  db_->Close().PermitUncheckedError();
}

namespace {

// Resolves options.snapshot to RocksDB's, refusing a snapshot of another store.
absl::StatusOr<rocksdb::ReadOptions> ToRocksReadOptions(const RocksDbStore* self,
                                                        const ReadOptions& options) {
  rocksdb::ReadOptions ro;
  if (options.snapshot != nullptr) {
    const auto* snapshot = dynamic_cast<const RocksDbSnapshot*>(options.snapshot);
    if (snapshot == nullptr || snapshot->owner() != self) {
      return absl::InvalidArgumentError("store: snapshot belongs to another store");
    }
    ro.snapshot = snapshot->get();
  }
  return ro;
}

}  // namespace

absl::StatusOr<std::string> RocksDbStore::Get(const ReadOptions& options, std::string_view key) {
  if (absl::Status s = CheckDeadline(options.deadline); !s.ok()) return s;
  absl::StatusOr<rocksdb::ReadOptions> ro = ToRocksReadOptions(this, options);
  if (!ro.ok()) return ro.status();
  std::string value;
  rocksdb::Status s = db_->Get(*ro, db_->DefaultColumnFamily(), ToSlice(key), &value);
  if (s.IsNotFound()) return absl::NotFoundError("store: key not found");
  if (!s.ok()) return FromRocks(s, "get");
  return value;
}

absl::Status RocksDbStore::Write(const WriteOptions& options, const WriteBatch& batch) {
  if (absl::Status s = CheckDeadline(options.deadline); !s.ok()) return s;
  rocksdb::WriteBatch rocks_batch;
  if (absl::Status added = rocks::AppendBatch(batch, rocks_batch); !added.ok()) return added;
  rocksdb::WriteOptions wo;
  wo.sync = options.sync;
  wo.disableWAL = false;
  return FromRocks(db_->Write(wo, &rocks_batch), "write");
}

void RocksDbStore::WriteAsync(const WriteOptions& options, WriteBatch batch, WriteDone done) {
  commits_->Enqueue(options, std::move(batch), std::move(done));
}

std::unique_ptr<Iterator> RocksDbStore::NewIterator(const ReadOptions& options) {
  if (absl::Status s = CheckDeadline(options.deadline); !s.ok()) return NewErrorIterator(s);
  absl::StatusOr<rocksdb::ReadOptions> ro = ToRocksReadOptions(this, options);
  if (!ro.ok()) return NewErrorIterator(ro.status());
  return std::make_unique<RocksDbIterator>(db_.get(), *std::move(ro), options.upper_bound,
                                           options.deadline);
}

std::unique_ptr<Snapshot> RocksDbStore::GetSnapshot() {
  // GetSnapshot returns null only with inplace_update_support, which Open never enables.
  return std::make_unique<RocksDbSnapshot>(this, db_.get(), db_->GetSnapshot());
}

}  // namespace cam::store
