// File: store/fault_injection/fault_injection_store.cc
#include "store/fault_injection/fault_injection_store.h"

#include <utility>

namespace cam::store {

void FaultInjectionStore::FailNextWrites(int64_t n, absl::Status error) {
  absl::MutexLock lock(&mu_);
  write_fault_ = Fault{n > 0 ? n : 0, std::move(error)};
}

void FaultInjectionStore::FailAllWrites(absl::Status error) {
  absl::MutexLock lock(&mu_);
  write_fault_ = Fault{-1, std::move(error)};
}

void FaultInjectionStore::FailNextReads(int64_t n, absl::Status error) {
  absl::MutexLock lock(&mu_);
  read_fault_ = Fault{n > 0 ? n : 0, std::move(error)};
}

void FaultInjectionStore::FailAllReads(absl::Status error) {
  absl::MutexLock lock(&mu_);
  read_fault_ = Fault{-1, std::move(error)};
}

void FaultInjectionStore::ClearFaults() {
  absl::MutexLock lock(&mu_);
  write_fault_ = Fault{};
  read_fault_ = Fault{};
}

int64_t FaultInjectionStore::write_calls() const {
  absl::MutexLock lock(&mu_);
  return write_calls_;
}

int64_t FaultInjectionStore::read_calls() const {
  absl::MutexLock lock(&mu_);
  return read_calls_;
}

int64_t FaultInjectionStore::failed_writes() const {
  absl::MutexLock lock(&mu_);
  return failed_writes_;
}

int64_t FaultInjectionStore::failed_reads() const {
  absl::MutexLock lock(&mu_);
  return failed_reads_;
}

absl::Status FaultInjectionStore::Take(Fault& fault, int64_t& calls, int64_t& failed) {
  ++calls;
  if (fault.remaining == 0) return absl::OkStatus();
  if (fault.remaining > 0) --fault.remaining;
  ++failed;
  // An OK status armed as a fault would make a failure look like success; never return it.
  return fault.error.ok() ? DefaultError() : fault.error;
}

absl::StatusOr<std::string> FaultInjectionStore::Get(const ReadOptions& options,
                                                     std::string_view key) {
  absl::Status injected;
  {
    absl::MutexLock lock(&mu_);
    injected = Take(read_fault_, read_calls_, failed_reads_);
  }
  if (!injected.ok()) return injected;
  return base_.Get(options, key);
}

absl::Status FaultInjectionStore::Write(const WriteOptions& options, const WriteBatch& batch) {
  absl::Status injected;
  {
    absl::MutexLock lock(&mu_);
    injected = Take(write_fault_, write_calls_, failed_writes_);
  }
  if (!injected.ok()) return injected;
  return base_.Write(options, batch);
}

void FaultInjectionStore::WriteAsync(const WriteOptions& options, WriteBatch batch,
                                     WriteDone done) {
  absl::Status injected;
  {
    absl::MutexLock lock(&mu_);
    injected = Take(write_fault_, write_calls_, failed_writes_);
  }
  if (!injected.ok()) {
    std::move(done)(std::move(injected));
    return;
  }
  base_.WriteAsync(options, std::move(batch), std::move(done));
}

std::unique_ptr<Iterator> FaultInjectionStore::NewIterator(const ReadOptions& options) {
  absl::Status injected;
  {
    absl::MutexLock lock(&mu_);
    injected = Take(read_fault_, read_calls_, failed_reads_);
  }
  if (!injected.ok()) return NewErrorIterator(std::move(injected));
  return base_.NewIterator(options);
}

std::unique_ptr<Snapshot> FaultInjectionStore::GetSnapshot() { return base_.GetSnapshot(); }

}  // namespace cam::store
