// File: tests/unit/transport/http/test_chain.h
// A tiny envelope for gateway tests: an echoing handler (with keys that misbehave on purpose),
// an "audit" stage that notes what it saw, and the real sanitize stage. What the handler saw is
// recorded. A deferring variant finishes the handler on a thread of its own.
#ifndef CAM_TESTS_UNIT_TRANSPORT_HTTP_TEST_CHAIN_H_
#define CAM_TESTS_UNIT_TRANSPORT_HTTP_TEST_CHAIN_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "envelope/call.h"
#include "envelope/chain.h"

namespace cam::transport::http::testing {

struct Observed {
  std::mutex mu;
  int calls = 0;
  std::string request_id;
  std::string method;
  envelope::Peer peer;
  size_t request_bytes = 0;
  absl::Time received_at = absl::InfinitePast();
  absl::Time client_deadline = absl::InfiniteFuture();
  std::vector<std::string> audited;  // one line per call the audit stage saw
  std::atomic<bool> slow_started{false};
  std::atomic<bool> slow_finished{false};

  // Kept by the deferring chain, under `mu`: where the handler ran and where the chain went on.
  std::vector<std::thread::id> handler_threads;
  std::vector<std::thread::id> completing_threads;
  // While true, the deferring chain's writes wait before they go on; `held` counts those that
  // have begun waiting, `completed` those whose completion has returned.
  std::atomic<bool> hold_writes{false};
  std::atomic<int> held{0};
  std::atomic<int> completed{0};
};

// MakeEchoChain: ContextWrite answers version = value size and sha256 = "<namespace>/<key>";
// ContextRead answers an entry naming what was asked. Write keys "slow" (sleeps `slow`),
// "throw" (throws, with secret text) and "fail" (CAM_STORE_UNAVAILABLE) misbehave.
std::unique_ptr<envelope::Chain> MakeEchoChain(Observed* observed,
                                               absl::Duration slow = absl::Milliseconds(800));

// MakeDeferringEchoChain: the same echo, but the handler finishes on a thread of its own after
// `delay`, as ContextWrite does on the store's commit thread once its batch is durable; the
// audit and sanitize stages and the completion run there too. Writes wait (up to 10 s) while
// `observed->hold_writes` is set. Write key "throw" throws before the handler finishes;
// "throw-late" finishes the handler at once, then throws.
std::unique_ptr<envelope::Chain> MakeDeferringEchoChain(
    Observed* observed, absl::Duration delay = absl::Milliseconds(10));

}  // namespace cam::transport::http::testing

#endif  // CAM_TESTS_UNIT_TRANSPORT_HTTP_TEST_CHAIN_H_
