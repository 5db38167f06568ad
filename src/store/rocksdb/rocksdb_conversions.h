// File: store/rocksdb/rocksdb_conversions.h
// Conversions between cam::store types and RocksDB's: statuses (without RocksDB's text, which can
// hold file paths), slices and write batches. Shared by RocksDbStore and its CommitQueue.
#ifndef CAM_STORE_ROCKSDB_ROCKSDB_CONVERSIONS_H_
#define CAM_STORE_ROCKSDB_ROCKSDB_CONVERSIONS_H_

#include <string_view>

#include "absl/status/status.h"
#include "rocksdb/slice.h"
#include "rocksdb/status.h"
#include "rocksdb/write_batch.h"
#include "store/write_batch.h"

namespace cam::store::rocks {

inline rocksdb::Slice ToSlice(std::string_view s) { return {s.data(), s.size()}; }

inline std::string_view ToView(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

// FromRocks maps a RocksDB status to the closest canonical code. The message names the operation
// and the RocksDB code only.
absl::Status FromRocks(const rocksdb::Status& s, const char* op);

// AppendBatch adds every update of `batch` to `out`, in order. On error `out` may hold part of
// the batch: callers that share `out` between batches bracket the call with a save point.
absl::Status AppendBatch(const WriteBatch& batch, rocksdb::WriteBatch& out);

}  // namespace cam::store::rocks

#endif  // CAM_STORE_ROCKSDB_ROCKSDB_CONVERSIONS_H_
