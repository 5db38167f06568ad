// File: base/thread_pool.h
// ThreadPool: a fixed set of threads running submitted tasks in FIFO order. Transports hand
// envelope work to it, so blocking work (a synced write) never stalls an I/O thread.
// Destruction stops accepting tasks, runs what is queued, and joins.
#ifndef CAM_BASE_THREAD_POOL_H_
#define CAM_BASE_THREAD_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cam::base {

class ThreadPool {
 public:
  explicit ThreadPool(size_t threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Submit queues `task`; returns false (dropping it) once shutdown has begun.
  bool Submit(std::function<void()> task);
  // Queued tasks not yet started, for load shedding.
  size_t queued() const;

 private:
  void Work();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace cam::base

#endif  // CAM_BASE_THREAD_POOL_H_
