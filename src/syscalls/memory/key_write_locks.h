// File: syscalls/memory/key_write_locks.h
// KeyWriteLocks: serialises writers of one key, for check-and-set and version numbering. A
// writer holds its key's lock from reading the key's head until its batch is durable, and that
// may end on the store's commit thread: so the locks are binary semaphores (which any thread may
// release), striped by a hash of the key, and a Hold is a movable owner that releases on
// destruction.
#ifndef CAM_SYSCALLS_MEMORY_KEY_WRITE_LOCKS_H_
#define CAM_SYSCALLS_MEMORY_KEY_WRITE_LOCKS_H_

#include <array>
#include <cstddef>
#include <functional>
#include <semaphore>
#include <string_view>
#include <utility>

namespace cam::syscalls {

class KeyWriteLocks {
 public:
  // Enough that unrelated keys rarely share a stripe: with 50 writes in flight, a new write
  // finds its stripe taken about 1% of the time (one time in five with 256).
  static constexpr size_t kStripes = 4096;

  class Hold {
   public:
    Hold() = default;
    Hold(Hold&& other) noexcept : lock_(std::exchange(other.lock_, nullptr)) {}
    Hold& operator=(Hold&& other) noexcept {
      if (this != &other) {
        Release();
        lock_ = std::exchange(other.lock_, nullptr);
      }
      return *this;
    }
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;
    ~Hold() { Release(); }
    bool held() const { return lock_ != nullptr; }

   private:
    friend class KeyWriteLocks;
    explicit Hold(std::binary_semaphore* lock) : lock_(lock) {}
    void Release() {
      if (lock_ != nullptr) std::exchange(lock_, nullptr)->release();
    }
    std::binary_semaphore* lock_ = nullptr;
  };

  // Acquire blocks until no other writer holds the stripe of (ns, key).
  Hold Acquire(std::string_view ns, std::string_view key) {
    std::binary_semaphore& lock = StripeOf(ns, key);
    lock.acquire();
    return Hold(&lock);
  }

  // TryAcquire takes the stripe only if it is free: an empty Hold (held() false) otherwise.
  Hold TryAcquire(std::string_view ns, std::string_view key) {
    std::binary_semaphore& lock = StripeOf(ns, key);
    return lock.try_acquire() ? Hold(&lock) : Hold();
  }

 private:
  std::binary_semaphore& StripeOf(std::string_view ns, std::string_view key) {
    const size_t h = std::hash<std::string_view>{}(ns)*31 + std::hash<std::string_view>{}(key);
    return stripes_[h % kStripes].lock;
  }

  struct Stripe {
    std::binary_semaphore lock{1};
  };
  std::array<Stripe, kStripes> stripes_;
};

}  // namespace cam::syscalls

#endif  // CAM_SYSCALLS_MEMORY_KEY_WRITE_LOCKS_H_
