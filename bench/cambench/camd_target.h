// File: bench/cambench/camd_target.h
// CamdTarget: cambench's load against camd's Memory API (ContextWrite / ContextRead in one
// namespace), one stub per channel, using gRPC's callback API so no thread waits per call.
#ifndef CAM_CAMBENCH_CAMD_TARGET_H_
#define CAM_CAMBENCH_CAMD_TARGET_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "cam/v1/memory.grpc.pb.h"
#include "cambench/pending_call.h"
#include "cambench/target.h"

namespace cam::bench {

class CamdTarget final : public Target {
 public:
  // `channels` must not be empty; `timeout` is each call's deadline.
  CamdTarget(std::vector<std::shared_ptr<grpc::Channel>> channels, std::string name_space,
             std::chrono::milliseconds timeout);

  // Prepare creates the namespace; ALREADY_EXISTS counts as success.
  absl::Status Prepare() override;
  void Start(Op op, int channel, const std::string& key, const std::string& value,
             DoneCallback done) override;

  // Waits for every started call to be released by gRPC.
  ~CamdTarget() override;

 private:
  InFlightCalls in_flight_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::vector<std::unique_ptr<cam::v1::Memory::Stub>> stubs_;
  std::string namespace_;
  std::chrono::milliseconds timeout_;
};

}  // namespace cam::bench

#endif  // CAM_CAMBENCH_CAMD_TARGET_H_
