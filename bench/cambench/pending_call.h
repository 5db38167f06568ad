// File: bench/cambench/pending_call.h
// PendingCall: one asynchronous unary call's state (context, request, response, completion),
// alive from Start until its callback has run; and InFlightCalls, which counts them so a
// target's destructor can wait until gRPC has let go of every call before its stubs and
// channels go away.
#ifndef CAM_CAMBENCH_PENDING_CALL_H_
#define CAM_CAMBENCH_PENDING_CALL_H_

#include <grpcpp/client_context.h>

#include <condition_variable>
#include <mutex>

#include "cambench/target.h"

namespace cam::bench {

class InFlightCalls {
 public:
  void Add() {
    std::lock_guard<std::mutex> lock(mu_);
    ++count_;
  }
  void Done() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--count_ == 0) zero_.notify_all();
  }
  void WaitForZero() {
    std::unique_lock<std::mutex> lock(mu_);
    zero_.wait(lock, [this] { return count_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable zero_;
  int count_ = 0;
};

template <typename Request, typename Response>
struct PendingCall {
  // Declared first so it is destroyed last: the count drops only after the context is gone.
  struct Registration {
    explicit Registration(InFlightCalls* calls) : calls(calls) { calls->Add(); }
    ~Registration() { calls->Done(); }
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;
    InFlightCalls* calls;
  };

  explicit PendingCall(InFlightCalls* calls) : registration(calls) {}

  Registration registration;
  grpc::ClientContext context;
  Request request;
  Response response;
  DoneCallback done;
};

}  // namespace cam::bench

#endif  // CAM_CAMBENCH_PENDING_CALL_H_
