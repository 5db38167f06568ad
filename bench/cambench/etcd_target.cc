// File: bench/cambench/etcd_target.cc
#include "cambench/etcd_target.h"

#include <grpcpp/grpcpp.h>

#include <memory>
#include <utility>

#include "cambench/grpc_status.h"

namespace cam::bench {
namespace {

using PutCall = PendingCall<etcdserverpb::PutRequest, etcdserverpb::PutResponse>;
using RangeCall = PendingCall<etcdserverpb::RangeRequest, etcdserverpb::RangeResponse>;

}  // namespace

EtcdTarget::EtcdTarget(std::vector<std::shared_ptr<grpc::Channel>> channels, std::string prefix,
                       std::chrono::milliseconds timeout, bool serializable)
    : channels_(std::move(channels)),
      prefix_(std::move(prefix)),
      timeout_(timeout),
      serializable_(serializable) {
  stubs_.reserve(channels_.size());
  for (const auto& channel : channels_) stubs_.push_back(etcdserverpb::KV::NewStub(channel));
}

EtcdTarget::~EtcdTarget() { in_flight_.WaitForZero(); }

absl::Status EtcdTarget::Prepare() {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  etcdserverpb::RangeRequest request;
  request.set_key(prefix_);
  request.set_count_only(true);
  etcdserverpb::RangeResponse response;
  return ToAbsl(stubs_[0]->Range(&context, request, &response));
}

void EtcdTarget::Start(Op op, int channel, const std::string& key, const std::string& value,
                       DoneCallback done) {
  etcdserverpb::KV::Stub& stub = *stubs_[static_cast<size_t>(channel) % stubs_.size()];
  const auto deadline = std::chrono::system_clock::now() + timeout_;
  if (op == Op::kWrite) {
    auto* call = new PutCall(&in_flight_);
    call->context.set_deadline(deadline);
    call->request.set_key(prefix_ + key);
    call->request.set_value(value);
    call->done = std::move(done);
    stub.async()->Put(&call->context, &call->request, &call->response, [call](grpc::Status status) {
      std::unique_ptr<PutCall> owned(call);
      owned->done(ToAbsl(status));
    });
    return;
  }
  auto* call = new RangeCall(&in_flight_);
  call->context.set_deadline(deadline);
  call->request.set_key(prefix_ + key);
  call->request.set_serializable(serializable_);
  call->done = std::move(done);
  stub.async()->Range(&call->context, &call->request, &call->response, [call](grpc::Status status) {
    std::unique_ptr<RangeCall> owned(call);
    if (status.ok() && owned->response.kvs_size() == 0) {
      owned->done(absl::NotFoundError("etcd range found no key"));
      return;
    }
    owned->done(ToAbsl(status));
  });
}

}  // namespace cam::bench
