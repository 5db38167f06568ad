// File: store/rocksdb/rocksdb_store.h
// RocksDbStore: the embedded, durable cam::store::Store (camd's default), and RocksDbOptions,
// its open-time tuning. This folder is the only place in camd that includes RocksDB headers.
#ifndef CAM_STORE_ROCKSDB_ROCKSDB_STORE_H_
#define CAM_STORE_ROCKSDB_ROCKSDB_STORE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace rocksdb {
class DB;
}  // namespace rocksdb

namespace cam::store {

class CommitQueue;

// Open-time settings. The defaults keep memory small (camd's whole idle RSS target is 25 MB) for
// a workload of many small, encrypted values.
struct RocksDbOptions {
  // Size of one memtable; up to two exist at once (one being flushed). Small memtables mean more
  // and smaller level-0 files, which is fine at camd's write rates. Default 4 MiB.
  size_t write_buffer_size = 4 << 20;

  // Capacity of the shared block cache for data, index and bloom-filter blocks. Allocated on
  // demand, not up front. Default 8 MiB.
  size_t block_cache_size = 8 << 20;

  // Bloom filter bits per key: about 1% false positives at 10, so a Get of an absent key rarely
  // touches a data block. 0 disables the filter. Default 10.
  int bloom_bits_per_key = 10;

  // Table files kept open at once (each pins some memory and a descriptor); -1 means no limit.
  // Default 128.
  int max_open_files = 128;

  // Threads for flushes and compactions together. Default 2.
  int max_background_jobs = 2;
};

// RocksDbStore keeps everything in one RocksDB database with the write-ahead log on. A Write
// with WriteOptions::sync is fsync'ed before it returns; concurrent writers are grouped by
// RocksDB's group commit and share one fsync (this class adds no lock of its own). WriteAsync
// goes through a CommitQueue, whose one thread merges the batches queued meanwhile into one
// write and one fsync, and runs their completions. After a crash the log is replayed up to its
// last intact record, so every acknowledged synced write is kept.
class RocksDbStore final : public Store {
 public:
  // Open opens (creating if missing, with mode 0700) the database in directory `path`. Errors:
  // InvalidArgument for an empty path, Unavailable when the directory cannot be created or the
  // database is locked by another process (or another RocksDbStore), DataLoss when it is corrupt.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const std::string& path,
                                                     const RocksDbOptions& options = {});

  // Closes the database. Every Snapshot and Iterator it made must be destroyed first. Nothing
  // needs flushing: unflushed memtable data is in the log and is replayed by the next Open.
  ~RocksDbStore() override;

  absl::StatusOr<std::string> Get(const ReadOptions& options, std::string_view key) override;
  absl::Status Write(const WriteOptions& options, const WriteBatch& batch) override;
  void WriteAsync(const WriteOptions& options, WriteBatch batch, WriteDone done) override;
  std::unique_ptr<Iterator> NewIterator(const ReadOptions& options) override;
  std::unique_ptr<Snapshot> GetSnapshot() override;

 private:
  explicit RocksDbStore(std::unique_ptr<rocksdb::DB> db);

  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<CommitQueue> commits_;
};

}  // namespace cam::store

#endif  // CAM_STORE_ROCKSDB_ROCKSDB_STORE_H_
