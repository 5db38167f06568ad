// File: bench/cambench/target.h
// Target: what the load driver drives. One implementation per server (camd's Memory API,
// etcd's KV API); both issue the same asynchronous single-key writes and reads, so the load
// shape is identical and only the server differs.
#ifndef CAM_CAMBENCH_TARGET_H_
#define CAM_CAMBENCH_TARGET_H_

#include <functional>
#include <string>

#include "absl/status/status.h"

namespace cam::bench {

enum class Op { kWrite, kRead };

// Called exactly once per started operation, on a gRPC thread; it may start the next operation.
using DoneCallback = std::function<void(absl::Status)>;

class Target {
 public:
  virtual ~Target() = default;

  // Prepare makes the target ready for load (camd: create the namespace if it is missing).
  virtual absl::Status Prepare() = 0;

  // Start begins one operation on `key` over channel `channel` (0 <= channel < channel count)
  // and returns without waiting. A read of a key that does not exist completes with an error.
  // `value` is only used by writes and must outlive the call.
  virtual void Start(Op op, int channel, const std::string& key, const std::string& value,
                     DoneCallback done) = 0;
};

}  // namespace cam::bench

#endif  // CAM_CAMBENCH_TARGET_H_
