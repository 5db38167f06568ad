// File: bench/cambench/camd_target.cc
#include "cambench/camd_target.h"

#include <grpcpp/grpcpp.h>

#include <memory>
#include <utility>

#include "cambench/grpc_status.h"

namespace cam::bench {
namespace {

using WriteCall = PendingCall<cam::v1::ContextWriteRequest, cam::v1::ContextWriteResponse>;
using ReadCall = PendingCall<cam::v1::ContextReadRequest, cam::v1::ContextReadResponse>;

}  // namespace

CamdTarget::CamdTarget(std::vector<std::shared_ptr<grpc::Channel>> channels, std::string name_space,
                       std::chrono::milliseconds timeout)
    : channels_(std::move(channels)), namespace_(std::move(name_space)), timeout_(timeout) {
  stubs_.reserve(channels_.size());
  for (const auto& channel : channels_) stubs_.push_back(cam::v1::Memory::NewStub(channel));
}

CamdTarget::~CamdTarget() { in_flight_.WaitForZero(); }

absl::Status CamdTarget::Prepare() {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  cam::v1::NamespaceCreateRequest request;
  request.set_namespace_(namespace_);
  cam::v1::NamespaceCreateResponse response;
  const grpc::Status status = stubs_[0]->NamespaceCreate(&context, request, &response);
  if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) return absl::OkStatus();
  return ToAbsl(status);
}

void CamdTarget::Start(Op op, int channel, const std::string& key, const std::string& value,
                       DoneCallback done) {
  cam::v1::Memory::Stub& stub = *stubs_[static_cast<size_t>(channel) % stubs_.size()];
  const auto deadline = std::chrono::system_clock::now() + timeout_;
  if (op == Op::kWrite) {
    auto* call = new WriteCall(&in_flight_);
    call->context.set_deadline(deadline);
    call->request.set_namespace_(namespace_);
    call->request.set_key(key);
    call->request.set_value(value);
    call->done = std::move(done);
    stub.async()->ContextWrite(&call->context, &call->request, &call->response,
                               [call](grpc::Status status) {
                                 std::unique_ptr<WriteCall> owned(call);
                                 owned->done(ToAbsl(status));
                               });
    return;
  }
  auto* call = new ReadCall(&in_flight_);
  call->context.set_deadline(deadline);
  call->request.set_namespace_(namespace_);
  call->request.set_key(key);
  call->done = std::move(done);
  stub.async()->ContextRead(&call->context, &call->request, &call->response,
                            [call](grpc::Status status) {
                              std::unique_ptr<ReadCall> owned(call);
                              owned->done(ToAbsl(status));
                            });
}

}  // namespace cam::bench
