// File: store/write_batch.h
// WriteBatch: an ordered list of updates that Store::Write applies atomically.
//
// Either every update in a batch becomes visible, or none does; readers (and snapshots) never see
// part of a batch. Updates apply in the order they were added, so
//
//   batch.Put("key", "v1");
//   batch.Delete("key");
//   batch.Put("key", "v2");
//
// leaves "key" = "v2", and Put("a", ...) followed by DeleteRange("a", "b") leaves no "a".
#ifndef CAM_STORE_WRITE_BATCH_H_
#define CAM_STORE_WRITE_BATCH_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cam::store {

class WriteBatch {
 public:
  enum class OpType { kPut, kDelete, kDeleteRange };

  // One recorded update. For kPut, `value` is the value; for kDeleteRange, `key` is the first key
  // removed and `value` is the exclusive end key; for kDelete, `value` is empty.
  struct Op {
    OpType type;
    std::string key;
    std::string value;
  };

  WriteBatch() = default;
  WriteBatch(const WriteBatch&) = default;
  WriteBatch& operator=(const WriteBatch&) = default;
  WriteBatch(WriteBatch&&) = default;
  WriteBatch& operator=(WriteBatch&&) = default;

  // Put stores `value` under `key`, replacing any earlier value. Both are arbitrary bytes.
  void Put(std::string_view key, std::string_view value);

  // Delete removes `key` if present; deleting an absent key is not an error.
  void Delete(std::string_view key);

  // DeleteRange removes every key k with begin <= k < end (byte-wise). An empty range
  // (begin >= end) removes nothing.
  void DeleteRange(std::string_view begin, std::string_view end);

  // Clear empties the batch so it can be reused.
  void Clear();

  // The number of updates recorded.
  size_t Count() const { return ops_.size(); }

  // The total bytes of keys and values recorded; callers use it to bound batch sizes.
  size_t ByteSize() const { return byte_size_; }

  // The recorded updates, in order. Store implementations replay these.
  std::span<const Op> ops() const { return ops_; }

 private:
  std::vector<Op> ops_;
  size_t byte_size_ = 0;
};

}  // namespace cam::store

#endif  // CAM_STORE_WRITE_BATCH_H_
