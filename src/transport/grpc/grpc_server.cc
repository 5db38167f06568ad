#include "transport/grpc/grpc_server.h"

#include <google/protobuf/message.h>
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/server_callback_handlers.h>
#include <grpcpp/impl/rpc_service_method.h>
#include <grpcpp/impl/service_type.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/support/byte_buffer.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>

#include "base/random.h"
#include "base/reasons.h"
#include "base/thread_pool.h"
#include "grpc/health/v1/health.pb.h"
#include "transport/error_mapping.h"
#include "transport/tls/peer_certificate.h"
#include "transport/tls/peer_certificate_cache.h"

namespace cam::transport {
namespace {

constexpr char kHealthCheckPath[] = "/grpc.health.v1.Health/Check";

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool ParseByteBuffer(const grpc::ByteBuffer& buffer, google::protobuf::Message& message) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return false;
  std::string bytes;
  bytes.reserve(buffer.Length());
  for (const grpc::Slice& s : slices)
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return message.ParseFromString(bytes);
}

grpc::ByteBuffer SerializeToByteBuffer(const google::protobuf::Message& message) {
  std::string bytes = message.SerializeAsString();
  grpc::Slice slice(std::move(bytes));
  return grpc::ByteBuffer(&slice, 1);
}

grpc::Status ToGrpcStatus(const absl::Status& status, const std::string& request_id) {
  const PublicError error = PublicErrorOf(status);
  return grpc::Status(static_cast<grpc::StatusCode>(error.grpc_code), error.message,
                      GrpcStatusDetails(error, request_id));
}

}  // namespace

// Every unary cam.v1 method and the health check are registered by name, with raw (ByteBuffer)
// callback handlers: gRPC then delivers the request message together with the call and answers
// in one batch, where a generic stream needs a separate read. Anything else (an unknown method,
// a stream) reaches the generic service, which answers UNIMPLEMENTED without reading.
class RegisteredMethods final : public grpc::Service {
 public:
  using GetReactor = std::function<grpc::ServerUnaryReactor*(
      grpc::CallbackServerContext*, const grpc::ByteBuffer*, grpc::ByteBuffer*)>;

  // `path` must outlive the server: gRPC keeps the pointer.
  void AddUnary(const char* path, GetReactor get_reactor) {
    AddMethod(
        new grpc::internal::RpcServiceMethod(path, grpc::internal::RpcMethod::NORMAL_RPC, nullptr));
    MarkMethodRawCallback(
        method_count_++,
        new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
            std::move(get_reactor)));
  }

 private:
  int method_count_ = 0;
};

class GrpcServer::Impl : public grpc::CallbackGenericService {
 public:
  Impl(GrpcServerConfig config, const envelope::Chain* chain, std::function<bool()> ready)
      : config_(std::move(config)),
        chain_(chain),
        ready_(std::move(ready)),
        workers_(static_cast<size_t>(config_.worker_threads)) {}

  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override;

  const GrpcServerConfig config_;
  const envelope::Chain* chain_;
  const std::function<bool()> ready_;
  base::ThreadPool workers_;
  PeerCertificateCache certificates_;
  // Declared before server_, which must be destroyed first.
  RegisteredMethods registered_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::atomic<bool> shut_down_{false};
};

namespace {

// Answers a call to a method without a unary handler, without reading its messages.
class NotImplementedReactor final : public grpc::ServerGenericBidiReactor {
 public:
  explicit NotImplementedReactor(const std::string& method) {
    Finish(ToGrpcStatus(base::Error(base::Reason::kNotImplemented, method), base::NewRequestId()));
  }
  void OnDone() override { delete this; }
};

class HealthReactor final : public grpc::ServerUnaryReactor {
 public:
  HealthReactor(bool serving, grpc::ByteBuffer* response) {
    grpc::health::v1::HealthCheckResponse health;
    health.set_status(serving ? grpc::health::v1::HealthCheckResponse::SERVING
                              : grpc::health::v1::HealthCheckResponse::NOT_SERVING);
    *response = SerializeToByteBuffer(health);
    Finish(grpc::Status::OK);
  }
  void OnDone() override { delete this; }
};

// One reactor per call of a cam.v1 unary method: parse the request, run the envelope chain,
// answer.
class UnaryReactor final : public grpc::ServerUnaryReactor {
 public:
  UnaryReactor(GrpcServer::Impl* server, const envelope::MethodInfo* method, bool may_block,
               grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
               grpc::ByteBuffer* response)
      : server_(server),
        method_(method),
        context_(context),
        request_buffer_(request),
        response_buffer_(response),
        received_at_(absl::Now()) {
    // A call whose stages never wait runs here on gRPC's thread, saving a hand-off to a
    // worker: reads, and writes that answer from the store's commit thread (the audit log's
    // writer sends the answer once the record is durable). A synchronous handler that may
    // wait on a store sync goes to a worker.
    if (!may_block) {
      on_io_thread_ = true;
      Process();
      return;
    }
    if (!server_->workers_.Submit([this] { Process(); })) {
      Finish(ToGrpcStatus(base::Error(base::Reason::kServerDraining), base::NewRequestId()));
    }
  }

  void OnCancel() override { cancelled_ = true; }
  void OnDone() override { delete this; }

 private:
  void Process() {
    envelope::Call& call = call_;
    call.request_id = base::NewRequestId();
    call.transport = envelope::Transport::kGrpc;
    call.method = method_;
    call.received_at = received_at_;
    call.request_bytes = request_buffer_->Length();
    call.is_cancelled = [this] { return cancelled_.load(); };
    if (on_io_thread_) {
      call.run_blocking = [workers = &server_->workers_](std::function<void()> task) {
        return workers->Submit(std::move(task));
      };
    }
    const auto deadline = context_->deadline();
    if (deadline != std::chrono::system_clock::time_point::max()) {
      call.client_deadline = absl::FromChrono(deadline);
    }
    call.peer.address = context_->peer();
    const auto& metadata = context_->client_metadata();
    if (auto it = metadata.find("authorization"); it != metadata.end()) {
      call.credentials =
          envelope::ParseAuthorization(std::string_view(it->second.data(), it->second.size()));
    }
    std::shared_ptr<const grpc::AuthContext> auth = context_->auth_context();
    if (auth != nullptr) {
      std::vector<grpc::string_ref> pem = auth->FindPropertyValues("x509_pem_cert");
      if (!pem.empty()) {
        // gRPC was told to require and verify client certificates, so a certificate that
        // reaches us has a verified chain.
        call.peer.certificate =
            server_->certificates_.Get(std::string_view(pem.front().data(), pem.front().size()));
      }
    }
    request_.reset(method_->request_prototype->New());
    response_.reset(method_->response_prototype->New());
    call.request = request_.get();
    call.response = response_.get();
    if (!ParseByteBuffer(*request_buffer_, *request_)) {
      call.decode_status =
          base::Error(base::Reason::kValidationMalformedBody, "unparsable protobuf");
    }
    // The answer goes out from whichever thread finishes the chain (the audit log's writer, once
    // the call's record is durable); this thread is free as soon as RunAsync returns. After
    // that the reactor may already be gone: touch nothing.
    server_->chain_->RunAsync(call, [this](absl::Status status) { Reply(status); });
  }

  void Reply(const absl::Status& status) {
    if (!status.ok()) {
      Finish(ToGrpcStatus(status, call_.request_id));
      return;
    }
    *response_buffer_ = SerializeToByteBuffer(*response_);
    Finish(grpc::Status::OK);
  }

  GrpcServer::Impl* server_;
  const envelope::MethodInfo* method_;
  grpc::CallbackServerContext* context_;
  // Owned by gRPC; valid until OnDone.
  const grpc::ByteBuffer* request_buffer_;
  grpc::ByteBuffer* response_buffer_;
  const absl::Time received_at_;
  bool on_io_thread_ = false;  // Process runs on gRPC's thread, which must not wait
  std::atomic<bool> cancelled_{false};
  // The call and its messages live as long as the reactor: the chain may finish after Process.
  envelope::Call call_;
  std::unique_ptr<google::protobuf::Message> request_;
  std::unique_ptr<google::protobuf::Message> response_;
};

}  // namespace

grpc::ServerGenericBidiReactor* GrpcServer::Impl::CreateReactor(
    grpc::GenericCallbackServerContext* context) {
  return new NotImplementedReactor(context->method());
}

GrpcServer::GrpcServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

GrpcServer::~GrpcServer() { Shutdown(absl::Seconds(5)); }

int GrpcServer::port() const { return impl_->port_; }

void GrpcServer::Shutdown(absl::Duration drain) {
  if (impl_ == nullptr || impl_->shut_down_.exchange(true)) return;
  impl_->server_->Shutdown(std::chrono::system_clock::now() + absl::ToChronoNanoseconds(drain));
  impl_->server_->Wait();
}

absl::StatusOr<std::unique_ptr<GrpcServer>> GrpcServer::Start(GrpcServerConfig config,
                                                              const envelope::MethodTable* methods,
                                                              const envelope::Chain* chain,
                                                              std::function<bool()> ready) {
  absl::StatusOr<std::string> cert = ReadFile(config.cert_file);
  absl::StatusOr<std::string> key = ReadFile(config.key_file);
  absl::StatusOr<std::string> ca = ReadFile(config.client_ca_file);
  if (!cert.ok() || !key.ok() || !ca.ok()) {
    return absl::FailedPreconditionError("gRPC TLS files unreadable");
  }
  grpc::SslServerCredentialsOptions tls(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  tls.pem_root_certs = *ca;
  tls.pem_key_cert_pairs.push_back({*key, *cert});

  auto impl = std::make_unique<Impl>(config, chain, std::move(ready));
  Impl* server = impl.get();
  for (const std::unique_ptr<envelope::MethodInfo>& method : methods->methods()) {
    if (method->streaming) continue;
    // Whether some stage may hold a thread for the method is worked out once, here.
    server->registered_.AddUnary(
        method->grpc_path.c_str(),
        [server, info = method.get(), may_block = chain->MayBlock(*method)](
            grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
            grpc::ByteBuffer* response) -> grpc::ServerUnaryReactor* {
          return new UnaryReactor(server, info, may_block, context, request, response);
        });
  }
  server->registered_.AddUnary(kHealthCheckPath,
                               [server](grpc::CallbackServerContext*, const grpc::ByteBuffer*,
                                        grpc::ByteBuffer* response) -> grpc::ServerUnaryReactor* {
                                 return new HealthReactor(server->ready_(), response);
                               });
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.address, grpc::SslServerCredentials(tls), &impl->port_);
  builder.SetMaxReceiveMessageSize(static_cast<int>(config.max_receive_bytes));
  builder.SetMaxSendMessageSize(static_cast<int>(config.max_receive_bytes));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, config.max_concurrent_streams);
  builder.RegisterService(&impl->registered_);
  builder.RegisterCallbackGenericService(impl.get());
  impl->server_ = builder.BuildAndStart();
  if (impl->server_ == nullptr || impl->port_ == 0) {
    return absl::UnavailableError("cannot listen on " + config.address);
  }
  return std::unique_ptr<GrpcServer>(new GrpcServer(std::move(impl)));
}

}  // namespace cam::transport
