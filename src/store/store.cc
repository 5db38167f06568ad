// File: store/store.cc
#include "store/store.h"

#include <utility>

namespace cam::store {
namespace {

class ErrorIterator final : public Iterator {
 public:
  explicit ErrorIterator(absl::Status status) : status_(std::move(status)) {}

  bool Valid() const override { return false; }
  void SeekToFirst() override {}
  void Seek(std::string_view) override {}
  void Next() override {}
  std::string_view key() const override { return {}; }
  std::string_view value() const override { return {}; }
  absl::Status status() const override { return status_; }

 private:
  absl::Status status_;
};

}  // namespace

absl::Status Store::Put(const WriteOptions& options, std::string_view key, std::string_view value) {
  WriteBatch batch;
  batch.Put(key, value);
  return Write(options, batch);
}

absl::Status Store::Delete(const WriteOptions& options, std::string_view key) {
  WriteBatch batch;
  batch.Delete(key);
  return Write(options, batch);
}

void Store::WriteAsync(const WriteOptions& options, WriteBatch batch, WriteDone done) {
  absl::Status written = Write(options, batch);
  std::move(done)(std::move(written));
}

std::unique_ptr<Iterator> NewErrorIterator(absl::Status status) {
  if (status.ok()) status = absl::InternalError("store: error iterator without an error");
  return std::make_unique<ErrorIterator>(std::move(status));
}

}  // namespace cam::store
