// File: store/rocksdb/rocksdb_conversions.cc
#include "store/rocksdb/rocksdb_conversions.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace cam::store::rocks {

absl::Status FromRocks(const rocksdb::Status& s, const char* op) {
  auto make = [op](absl::StatusCode code, const std::string& what) {
    return absl::Status(code, absl::StrCat("rocksdb ", op, ": ", what));
  };
  switch (s.code()) {
    case rocksdb::Status::kOk:
      return absl::OkStatus();
    case rocksdb::Status::kNotFound:
      return make(absl::StatusCode::kNotFound, "not found");
    case rocksdb::Status::kCorruption:
      return make(absl::StatusCode::kDataLoss, "corruption");
    case rocksdb::Status::kNotSupported:
      return make(absl::StatusCode::kUnimplemented, "not supported");
    case rocksdb::Status::kInvalidArgument:
      return make(absl::StatusCode::kInvalidArgument, "invalid argument");
    case rocksdb::Status::kIOError:
      if (s.subcode() == rocksdb::Status::kNoSpace || s.subcode() == rocksdb::Status::kSpaceLimit) {
        return make(absl::StatusCode::kResourceExhausted, "I/O error: no space");
      }
      return make(absl::StatusCode::kUnavailable, "I/O error");
    case rocksdb::Status::kBusy:
      return make(absl::StatusCode::kUnavailable, "busy");
    case rocksdb::Status::kTryAgain:
      return make(absl::StatusCode::kUnavailable, "try again");
    case rocksdb::Status::kIncomplete:
      return make(absl::StatusCode::kUnavailable, "incomplete");
    case rocksdb::Status::kShutdownInProgress:
      return make(absl::StatusCode::kUnavailable, "shutdown in progress");
    case rocksdb::Status::kTimedOut:
      return make(absl::StatusCode::kDeadlineExceeded, "timed out");
    case rocksdb::Status::kAborted:
      return make(absl::StatusCode::kAborted, "aborted");
    case rocksdb::Status::kCompactionTooLarge:
      return make(absl::StatusCode::kResourceExhausted, "compaction too large");
    default:
      return make(absl::StatusCode::kInternal, absl::StrCat("code ", static_cast<int>(s.code()),
                                                            "/", static_cast<int>(s.subcode())));
  }
}

absl::Status AppendBatch(const WriteBatch& batch, rocksdb::WriteBatch& out) {
  for (const WriteBatch::Op& op : batch.ops()) {
    rocksdb::Status s;
    switch (op.type) {
      case WriteBatch::OpType::kPut:
        s = out.Put(ToSlice(op.key), ToSlice(op.value));
        break;
      case WriteBatch::OpType::kDelete:
        s = out.Delete(ToSlice(op.key));
        break;
      case WriteBatch::OpType::kDeleteRange:
        // An empty range deletes nothing; RocksDB is not asked to interpret one.
        if (op.key < op.value) s = out.DeleteRange(ToSlice(op.key), ToSlice(op.value));
        break;
    }
    if (!s.ok()) return FromRocks(s, "batch");
  }
  return absl::OkStatus();
}

}  // namespace cam::store::rocks
