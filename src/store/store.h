// File: store/store.h
// Store: camd's ordered key/value store over byte strings, with atomic batches, ordered
// iteration and point-in-time snapshots. Modelled on leveldb/db.h; it names no RocksDB type.
//
// Implementations: store/rocksdb/ (embedded, the default), store/memory/ (tests), and
// store/fault_injection/ (a decorator that fails calls on command, for tests).
//
// Keys and values are arbitrary bytes (NULs and 0xFF included); keys are ordered byte-wise, as
// unsigned chars, shorter before longer on a common prefix. Error codes:
//   NotFound          Get of an absent key (the only "normal" error).
//   DeadlineExceeded  the options' deadline passed before the call started; nothing was done.
//   InvalidArgument   a snapshot from another store.
//   Unavailable       a transient I/O or lock problem; the call may be retried.
//   ResourceExhausted the device is full.
//   DataLoss          the stored data is corrupt.
// A failed Write changed nothing visible (see Write for the one crash caveat). Status messages are
// for the debug log only: they never hold values or file paths, but they are not meant for clients
// either.
#ifndef CAM_STORE_STORE_H_
#define CAM_STORE_STORE_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/options.h"
#include "store/write_batch.h"

namespace cam::store {

// Snapshot: a handle on a consistent, read-only view of a Store at one point in time. Pass it in
// ReadOptions::snapshot. Destroying it releases the view (and lets the store drop the old data it
// pinned). It must be destroyed before the Store that made it.
class Snapshot {
 public:
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;
  virtual ~Snapshot() = default;

 protected:
  Snapshot() = default;
};

// Iterator: walks keys in byte-wise order over the view it was created with (a snapshot, or the
// state at creation time). Not safe for concurrent use by several threads; distinct iterators
// may be used concurrently. It must be destroyed before the Store that made it.
class Iterator {
 public:
  Iterator(const Iterator&) = delete;
  Iterator& operator=(const Iterator&) = delete;
  virtual ~Iterator() = default;

  // Valid is true when the iterator is positioned at an entry: key() and value() may then be
  // called. It is false before the first Seek, past the last entry or the upper bound, and after
  // an error (see status()).
  virtual bool Valid() const = 0;

  // SeekToFirst positions at the first key (or at nothing if the view is empty).
  virtual void SeekToFirst() = 0;

  // Seek positions at the first key >= `target`.
  virtual void Seek(std::string_view target) = 0;

  // Next moves to the following key. Requires Valid().
  virtual void Next() = 0;

  // The current entry. Requires Valid(); the bytes stay valid until the iterator moves.
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;

  // status is OK unless iteration stopped on an error (I/O, corruption, passed deadline). Check
  // it once Valid() turns false: an error, unlike the end of the data, means entries may be
  // missing.
  virtual absl::Status status() const = 0;

 protected:
  Iterator() = default;
};

// Store is safe for concurrent access from many threads without any external synchronization.
class Store {
 public:
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  virtual ~Store() = default;

  // Get returns the value stored under `key`, or NotFound if there is none (in the snapshot, if
  // options.snapshot is set).
  virtual absl::StatusOr<std::string> Get(const ReadOptions& options, std::string_view key) = 0;

  // Write applies every update of `batch` atomically and in order: on OK all of them are
  // visible (and durable, if options.sync); on error none is visible. One caveat, as in every
  // log-based store: a write that failed while its log record was being synced may still be
  // recovered, whole, after a crash; its outcome is unknown, not "not applied". An empty batch
  // is OK.
  virtual absl::Status Write(const WriteOptions& options, const WriteBatch& batch) = 0;

  // WriteAsync is Write for callers that must not hold a thread while the log syncs: `done`
  // receives exactly what Write would have returned, once the batch is applied (and durable, if
  // options.sync) or has failed. It runs exactly once, on any thread, possibly before WriteAsync
  // returns; it should be quick (the store may run other writers' completions after it on the
  // same thread). The default calls Write and then `done`; a store with its own commit thread
  // merges concurrent batches into one log write and one sync.
  using WriteDone = absl::AnyInvocable<void(absl::Status) &&>;
  virtual void WriteAsync(const WriteOptions& options, WriteBatch batch, WriteDone done);

  // Put stores `value` under `key`: a one-update Write.
  absl::Status Put(const WriteOptions& options, std::string_view key, std::string_view value);

  // Delete removes `key`: a one-update Write. Deleting an absent key is OK.
  absl::Status Delete(const WriteOptions& options, std::string_view key);

  // NewIterator returns an unpositioned iterator over the view selected by `options` (call Seek
  // or SeekToFirst first). It never returns null: a failure shows as an iterator that is not
  // Valid() and has a non-OK status().
  virtual std::unique_ptr<Iterator> NewIterator(const ReadOptions& options) = 0;

  // GetSnapshot captures the current state. Writes made afterwards are invisible to reads that
  // pass the snapshot. Destroying the returned object releases it.
  virtual std::unique_ptr<Snapshot> GetSnapshot() = 0;

 protected:
  Store() = default;
};

// NewErrorIterator returns an iterator that is never Valid() and reports `status`; for
// implementations and decorators that must fail NewIterator.
std::unique_ptr<Iterator> NewErrorIterator(absl::Status status);

}  // namespace cam::store

#endif  // CAM_STORE_STORE_H_
