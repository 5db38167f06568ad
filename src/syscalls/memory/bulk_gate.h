// File: syscalls/memory/bulk_gate.h
// BulkGate: lets many single-key writers in at once, or one bulk operation (restore, namespace
// deletion) that must see no writer in flight. It is a reader-writer lock whose shared passes
// may be released on another thread than the one that took them (a write ends when its batch
// is durable, on the store's commit thread), which std::shared_mutex does not allow. A bulk
// operation waiting for the gate keeps new writers out, so it cannot starve.
#ifndef CAM_SYSCALLS_MEMORY_BULK_GATE_H_
#define CAM_SYSCALLS_MEMORY_BULK_GATE_H_

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <utility>

namespace cam::syscalls {

class BulkGate {
 public:
  // A movable pass; the gate is left when the pass is destroyed.
  class Pass {
   public:
    Pass() = default;
    Pass(Pass&& other) noexcept
        : gate_(std::exchange(other.gate_, nullptr)), exclusive_(other.exclusive_) {}
    Pass& operator=(Pass&& other) noexcept {
      if (this != &other) {
        Leave();
        gate_ = std::exchange(other.gate_, nullptr);
        exclusive_ = other.exclusive_;
      }
      return *this;
    }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    ~Pass() { Leave(); }
    bool entered() const { return gate_ != nullptr; }

   private:
    friend class BulkGate;
    Pass(BulkGate* gate, bool exclusive) : gate_(gate), exclusive_(exclusive) {}
    void Leave() {
      if (gate_ != nullptr) std::exchange(gate_, nullptr)->Leave(exclusive_);
    }
    BulkGate* gate_ = nullptr;
    bool exclusive_ = false;
  };

  // EnterShared blocks while a bulk operation holds or waits for the gate.
  Pass EnterShared() {
    std::unique_lock lock(mu_);
    changed_cv_.wait(lock, [this] { return !bulk_; });
    ++writers_;
    return {this, false};
  }

  // TryEnterShared enters only if no bulk operation holds or waits for the gate: an empty
  // Pass (entered() false) otherwise.
  Pass TryEnterShared() {
    std::lock_guard lock(mu_);
    if (bulk_) return {};
    ++writers_;
    return {this, false};
  }

  // EnterExclusive blocks until no writer and no other bulk operation is inside.
  Pass EnterExclusive() {
    std::unique_lock lock(mu_);
    changed_cv_.wait(lock, [this] { return !bulk_; });
    bulk_ = true;
    changed_cv_.wait(lock, [this] { return writers_ == 0; });
    return {this, true};
  }

 private:
  void Leave(bool exclusive) {
    std::lock_guard lock(mu_);
    if (exclusive) {
      bulk_ = false;
    } else if (--writers_ > 0 || !bulk_) {
      return;  // nobody waits for this: writers wait only while bulk_ is set
    }
    // Notified under the lock, so the gate cannot be destroyed between the update and the call.
    changed_cv_.notify_all();
  }

  std::mutex mu_;
  std::condition_variable changed_cv_;
  int64_t writers_ = 0;  // guarded by mu_
  bool bulk_ = false;    // guarded by mu_
};

}  // namespace cam::syscalls

#endif  // CAM_SYSCALLS_MEMORY_BULK_GATE_H_
