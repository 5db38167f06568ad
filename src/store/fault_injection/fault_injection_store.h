// File: store/fault_injection/fault_injection_store.h
// FaultInjectionStore: a Store decorator for tests that fails writes or reads on command and
// counts calls, so callers can prove that a failed write loses nothing acknowledged and that
// storage errors surface as errors.
#ifndef CAM_STORE_FAULT_INJECTION_FAULT_INJECTION_STORE_H_
#define CAM_STORE_FAULT_INJECTION_FAULT_INJECTION_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "store/store.h"

namespace cam::store {

// Forwards every call to `base` unless a fault is armed. A failed Write never reaches `base`, so
// it applies nothing, exactly as a real failed write. Reads are Get and NewIterator (a failed
// NewIterator returns an iterator reporting the error). Snapshots always come from `base`.
// Thread-safe like every Store; `base` must outlive this object.
class FaultInjectionStore final : public Store {
 public:
  // The status used when a test does not pick one: transient, as a full disk or lost volume.
  static absl::Status DefaultError() { return absl::UnavailableError("injected fault"); }

  explicit FaultInjectionStore(Store& base) : base_(base) {}

  // FailNextWrites makes the next `n` Write or WriteAsync calls (Put and Delete included) fail
  // with `error` without touching `base`; later writes succeed again. Replaces any armed write
  // fault.
  void FailNextWrites(int64_t n, absl::Status error = DefaultError());

  // FailAllWrites makes every Write from now on fail with `error` until ClearFaults.
  void FailAllWrites(absl::Status error = DefaultError());

  // FailNextReads / FailAllReads do the same for Get and NewIterator.
  void FailNextReads(int64_t n, absl::Status error = DefaultError());
  void FailAllReads(absl::Status error = DefaultError());

  // ClearFaults disarms every fault; calls pass through again.
  void ClearFaults();

  // Calls seen (failed ones included) and calls failed by injection.
  int64_t write_calls() const;
  int64_t read_calls() const;
  int64_t failed_writes() const;
  int64_t failed_reads() const;

  absl::StatusOr<std::string> Get(const ReadOptions& options, std::string_view key) override;
  absl::Status Write(const WriteOptions& options, const WriteBatch& batch) override;
  void WriteAsync(const WriteOptions& options, WriteBatch batch, WriteDone done) override;
  std::unique_ptr<Iterator> NewIterator(const ReadOptions& options) override;
  std::unique_ptr<Snapshot> GetSnapshot() override;

 private:
  // One armed fault: `remaining` calls fail (-1: all of them) with `error`.
  struct Fault {
    int64_t remaining = 0;
    absl::Status error;
  };

  // Counts the call, and returns the injected error if the fault fires for it, OK otherwise.
  absl::Status Take(Fault& fault, int64_t& calls, int64_t& failed)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Store& base_;
  mutable absl::Mutex mu_;
  Fault write_fault_ ABSL_GUARDED_BY(mu_);
  Fault read_fault_ ABSL_GUARDED_BY(mu_);
  int64_t write_calls_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t read_calls_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t failed_writes_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t failed_reads_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace cam::store

#endif  // CAM_STORE_FAULT_INJECTION_FAULT_INJECTION_STORE_H_
