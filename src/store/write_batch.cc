// File: store/write_batch.cc
#include "store/write_batch.h"

namespace cam::store {

void WriteBatch::Put(std::string_view key, std::string_view value) {
  ops_.push_back(Op{OpType::kPut, std::string(key), std::string(value)});
  byte_size_ += key.size() + value.size();
}

void WriteBatch::Delete(std::string_view key) {
  ops_.push_back(Op{OpType::kDelete, std::string(key), std::string()});
  byte_size_ += key.size();
}

void WriteBatch::DeleteRange(std::string_view begin, std::string_view end) {
  ops_.push_back(Op{OpType::kDeleteRange, std::string(begin), std::string(end)});
  byte_size_ += begin.size() + end.size();
}

void WriteBatch::Clear() {
  ops_.clear();
  byte_size_ = 0;
}

}  // namespace cam::store
