// File: store/rocksdb/commit_queue.cc
#include "store/rocksdb/commit_queue.h"

#include <utility>

#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "store/rocksdb/rocksdb_conversions.h"

namespace cam::store {

CommitQueue::CommitQueue(rocksdb::DB* db) : db_(db), thread_([this] { Loop(); }) {}

CommitQueue::~CommitQueue() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  queued_cv_.notify_one();
  thread_.join();
}

void CommitQueue::Enqueue(const WriteOptions& options, WriteBatch batch, Store::WriteDone done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(Pending{options, std::move(batch), std::move(done)});
      // Notified under the lock: the thread may be between its last check and its wait.
      queued_cv_.notify_one();
      return;
    }
  }
  std::move(done)(absl::UnavailableError("store: closing"));
}

void CommitQueue::Loop() {
  std::vector<Pending> round;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      queued_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      // Stopping still drains: everything queued before the destructor ran is committed.
      if (queue_.empty()) return;
      size_t bytes = 0;
      while (!queue_.empty() && (round.empty() || bytes < kRoundBytes)) {
        bytes += queue_.front().batch.ByteSize();
        round.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    Commit(round);
    round.clear();
  }
}

void CommitQueue::Commit(std::vector<Pending>& round) {
  std::vector<absl::Status> results(round.size());
  rocksdb::WriteBatch merged;
  bool any = false;
  bool sync = false;
  for (size_t i = 0; i < round.size(); ++i) {
    Pending& pending = round[i];
    if (absl::Status late = CheckDeadline(pending.options.deadline); !late.ok()) {
      results[i] = std::move(late);
      continue;
    }
    // A batch RocksDB refuses (too large) fails alone; the others of the round go ahead.
    merged.SetSavePoint();
    if (absl::Status added = rocks::AppendBatch(pending.batch, merged); !added.ok()) {
      merged.RollbackToSavePoint().PermitUncheckedError();
      results[i] = std::move(added);
      continue;
    }
    merged.PopSavePoint().PermitUncheckedError();
    any = true;
    sync = sync || pending.options.sync;
  }
  if (any) {
    rocksdb::WriteOptions options;
    options.sync = sync;
    const absl::Status written = rocks::FromRocks(db_->Write(options, &merged), "write");
    for (size_t i = 0; i < round.size(); ++i) {
      // Results still OK are the batches that went into the merged write: they share its fate,
      // all applied or none.
      if (results[i].ok()) results[i] = written;
    }
  }
  for (size_t i = 0; i < round.size(); ++i) {
    std::move(round[i].done)(std::move(results[i]));
  }
}

}  // namespace cam::store
