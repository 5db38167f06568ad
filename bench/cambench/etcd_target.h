// File: bench/cambench/etcd_target.h
// EtcdTarget: the same load against etcd 3.4's v3 KV API (Put / Range on one key), over the
// same kind of mutual-TLS channels. With etcd's --client-cert-auth and auth enabled, etcd takes
// the client certificate's CN as the user, so no token is needed. Reads are etcd's default
// (linearizable) Range unless `serializable` is set; a Range that finds no key is an error, as
// a camd read of a missing key is.
#ifndef CAM_CAMBENCH_ETCD_TARGET_H_
#define CAM_CAMBENCH_ETCD_TARGET_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "cambench/pending_call.h"
#include "cambench/target.h"
#include "etcd/kv_rpc.grpc.pb.h"

namespace cam::bench {

class EtcdTarget final : public Target {
 public:
  // Keys are stored under `prefix` (for example "bench/"), so runs with different namespaces
  // do not mix.
  EtcdTarget(std::vector<std::shared_ptr<grpc::Channel>> channels, std::string prefix,
             std::chrono::milliseconds timeout, bool serializable);

  // Prepare checks that the server answers a Range (it proves the TLS identity is allowed).
  absl::Status Prepare() override;
  void Start(Op op, int channel, const std::string& key, const std::string& value,
             DoneCallback done) override;

  // Waits for every started call to be released by gRPC.
  ~EtcdTarget() override;

 private:
  InFlightCalls in_flight_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::vector<std::unique_ptr<etcdserverpb::KV::Stub>> stubs_;
  std::string prefix_;
  std::chrono::milliseconds timeout_;
  bool serializable_;
};

}  // namespace cam::bench

#endif  // CAM_CAMBENCH_ETCD_TARGET_H_
