// File: transport/http/server_state.h
// ServerState: what the listener and every connection of one HttpServer share: the immutable
// limits, the request handler, the worker pool, and the counters that shutdown and the
// connection cap read. Internal to transport/http.
#ifndef CAM_TRANSPORT_HTTP_SERVER_STATE_H_
#define CAM_TRANSPORT_HTTP_SERVER_STATE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>

#include "base/thread_pool.h"
#include "transport/http/request_handler.h"
#include "transport/tls/handshake_failures.h"

namespace cam::transport::http {

struct ServerLimits {
  size_t max_body_bytes = 0;
  size_t max_header_bytes = 0;
  std::chrono::milliseconds idle_timeout{0};
  std::chrono::milliseconds header_timeout{0};
  size_t max_connections = 0;
};

class ServerState {
 public:
  ServerState(ServerLimits limits, RequestHandler handler, size_t worker_threads,
              HandshakeFailureTally* handshake_failures)
      : limits_(limits),
        handler_(std::move(handler)),
        handshake_failures_(handshake_failures),
        pool_(std::make_unique<base::ThreadPool>(worker_threads)) {}

  const ServerLimits& limits() const { return limits_; }
  const RequestHandler& handler() const { return handler_; }
  // Where failed handshakes are counted; may be null.
  HandshakeFailureTally* handshake_failures() const { return handshake_failures_; }
  // Submit queues envelope work; false once the workers are stopping. Called on I/O threads.
  bool Submit(std::function<void()> task) {
    return pool_ != nullptr && pool_->Submit(std::move(task));
  }
  // JoinWorkers runs what is queued, joins the workers, then waits until every answer pending
  // from a chain's completion has been posted (see AnswerPending). Call only after the I/O
  // threads have stopped, and before the io_context is destroyed (completions post into it).
  // Not bounded by the drain: a completion always comes (the chain outlives the server), and
  // until it has, it still refers to the session, the io_context and this state.
  void JoinWorkers() {
    pool_.reset();
    std::unique_lock<std::mutex> lock(mu_);
    posted_.wait(lock, [this] { return answers_pending_ == 0; });
  }
  // AnswerPending counts a chain run from the worker that starts it until its completion,
  // on whichever thread, has posted the answer to the session (AnswerPosted). Call it only on a
  // worker, so every count is taken before JoinWorkers waits.
  void AnswerPending() {
    std::lock_guard<std::mutex> lock(mu_);
    ++answers_pending_;
  }
  void AnswerPosted() {
    std::lock_guard<std::mutex> lock(mu_);
    // Notified under the lock: JoinWorkers cannot return (and this state die) before we let go.
    if (--answers_pending_ == 0) posted_.notify_all();
  }

  // Connections: counted from accept to close, for the cap.
  std::atomic<size_t>& connections() { return connections_; }

  bool draining() const { return draining_.load(std::memory_order_acquire); }
  void StartDraining() {
    std::lock_guard<std::mutex> lock(mu_);
    draining_.store(true, std::memory_order_release);
  }

  // In-flight requests: from dispatch until the answer is written (or dropped), however long
  // the chain's completion takes to come. TryStart fails once draining has begun, atomically
  // with WaitIdle's view, so no request slips in after shutdown decided the server was idle.
  bool TryStartRequest() {
    std::lock_guard<std::mutex> lock(mu_);
    if (draining_.load(std::memory_order_relaxed)) return false;
    ++in_flight_;
    return true;
  }
  void RequestFinished() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--in_flight_ == 0) idle_.notify_all();
  }
  // WaitIdle waits until no request is in flight or `deadline` passes; true if idle.
  bool WaitIdle(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mu_);
    return idle_.wait_until(lock, deadline, [this] { return in_flight_ == 0; });
  }

 private:
  const ServerLimits limits_;
  const RequestHandler handler_;
  HandshakeFailureTally* const handshake_failures_;
  std::unique_ptr<base::ThreadPool> pool_;
  std::atomic<size_t> connections_{0};
  std::atomic<bool> draining_{false};
  std::mutex mu_;
  std::condition_variable idle_;
  size_t in_flight_ = 0;
  std::condition_variable posted_;
  size_t answers_pending_ = 0;
};

}  // namespace cam::transport::http

#endif  // CAM_TRANSPORT_HTTP_SERVER_STATE_H_
