// File: store/rocksdb/commit_queue.h
// CommitQueue: the thread behind RocksDbStore::WriteAsync. Writers queue a batch and go on; the
// thread takes everything queued since its last commit, refuses batches whose deadline has
// passed, merges the rest into one RocksDB write (one log append, one sync) and then runs their
// completions in queue order.
//
// Why not only RocksDB's own group commit: it needs one blocked thread per waiting writer and
// wakes each of them separately once the leader is done. On camd's few cores those sleeps and
// wake-ups cost more CPU than the write itself (docs/PERFORMANCE.md); here a round of N writes
// costs the commit thread one wake-up.
#ifndef CAM_STORE_ROCKSDB_COMMIT_QUEUE_H_
#define CAM_STORE_ROCKSDB_COMMIT_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "store/options.h"
#include "store/store.h"
#include "store/write_batch.h"

namespace rocksdb {
class DB;
}  // namespace rocksdb

namespace cam::store {

class CommitQueue {
 public:
  // A round stops taking batches once it holds this many bytes of keys and values (but always
  // takes at least one), so one huge write does not hold many small ones behind a long sync.
  static constexpr size_t kRoundBytes = 4 << 20;

  // `db` must outlive the queue.
  explicit CommitQueue(rocksdb::DB* db);
  // Commits and completes everything already queued, then stops the thread.
  ~CommitQueue();
  CommitQueue(const CommitQueue&) = delete;
  CommitQueue& operator=(const CommitQueue&) = delete;

  // Enqueue queues `batch`; `done` later receives Store::Write's result for it. After the queue
  // has begun to stop, `done` runs at once with Unavailable.
  void Enqueue(const WriteOptions& options, WriteBatch batch, Store::WriteDone done);

 private:
  struct Pending {
    WriteOptions options;
    WriteBatch batch;
    Store::WriteDone done;
  };

  void Loop();
  // Commit writes one round and runs its completions.
  void Commit(std::vector<Pending>& round);

  rocksdb::DB* const db_;
  std::mutex mu_;
  std::condition_variable queued_cv_;
  std::deque<Pending> queue_;  // guarded by mu_
  bool stopping_ = false;      // guarded by mu_
  std::thread thread_;
};

}  // namespace cam::store

#endif  // CAM_STORE_ROCKSDB_COMMIT_QUEUE_H_
