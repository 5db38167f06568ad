// End-to-end: a real camd on loopback with its generated dev PKI, driven over gRPC (generated
// stubs) and HTTPS (curl), checking what a user of the API sees.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "cam/v1/identity.grpc.pb.h"
#include "cam/v1/memory.grpc.pb.h"
#include "cam/v1/observe.grpc.pb.h"
#include "cam/v1/policy.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "identity/base32.h"
#include "identity/totp.h"
#include "tests/integration/camd_process.h"
#include "tests/testing/file_text.h"

namespace cam::testing {
namespace {

struct Identity {
  std::string cert;
  std::string key;
};

class CamdIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_dir_ = new std::string(NewTempDir("camd-it"));
    camd_ = new CamdProcess(*data_dir_);
    started_ = camd_->Start();
  }
  // A camd that did not start fails every test with the reason (a fatal failure in
  // SetUpTestSuite would only show the tests as skipped).
  void SetUp() override { ASSERT_TRUE(started_) << "camd did not start: " << camd_->failure(); }
  static void TearDownTestSuite() {
    delete camd_;
    camd_ = nullptr;
    std::filesystem::remove_all(*data_dir_);
    delete data_dir_;
  }

  static Identity Operator() {
    return {camd_->pki("operator.pem"), camd_->pki("operator-key.pem")};
  }
  static Identity Agent1() { return {camd_->pki("agent.pem"), camd_->pki("agent-key.pem")}; }
  static Identity Agent2() { return {camd_->pki("agent-2.pem"), camd_->pki("agent-2-key.pem")}; }

  // A fresh connection (own subchannel pool) as `who`; no identity means no client certificate.
  static std::shared_ptr<grpc::Channel> ChannelAs(const std::optional<Identity>& who,
                                                  const std::string& addr = "") {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = ReadFile(camd_->pki("ca.pem"));
    if (who.has_value()) {
      tls.pem_cert_chain = ReadFile(who->cert);
      tls.pem_private_key = ReadFile(who->key);
    }
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetMaxReceiveMessageSize(8 << 20);
    return grpc::CreateCustomChannel(addr.empty() ? camd_->grpc_addr() : addr,
                                     grpc::SslCredentials(tls), args);
  }

  static std::unique_ptr<v1::Memory::Stub> MemoryAs(const std::optional<Identity>& who,
                                                    const std::string& addr = "") {
    return v1::Memory::NewStub(ChannelAs(who, addr));
  }
  static std::unique_ptr<v1::Identity::Stub> IdentityAs(const Identity& who) {
    return v1::Identity::NewStub(ChannelAs(who));
  }
  static std::unique_ptr<v1::Policy::Stub> PolicyAs(const Identity& who) {
    return v1::Policy::NewStub(ChannelAs(who));
  }

  // A context that presents `authorization` (e.g. "Bearer <jwt>", "ApiKey cam_...").
  static std::unique_ptr<grpc::ClientContext> ContextWith(const std::string& authorization) {
    auto context = Context();
    context->AddMetadata("authorization", authorization);
    return context;
  }

  // An operator token, issued over the operator's certificate.
  static std::string OperatorToken() {
    v1::TokenIssueRequest request;
    v1::TokenIssueResponse response;
    auto context = Context();
    const grpc::Status status =
        IdentityAs(Operator())->TokenIssue(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.access_token();
  }

  static std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }

  // Reason of a failed call, from the google.rpc.Status details trailer.
  static std::string ReasonOf(const grpc::Status& status) {
    google::rpc::Status details;
    if (!details.ParseFromString(status.error_details())) return "";
    for (const auto& any : details.details()) {
      google::rpc::ErrorInfo info;
      if (any.UnpackTo(&info)) return info.reason();
    }
    return "";
  }

  static std::string Curl(const std::string& args,
                          const std::optional<Identity>& who = Operator()) {
    std::string command = "curl -sS --max-time 20 --cacert " + camd_->pki("ca.pem");
    if (who.has_value()) command += " --cert " + who->cert + " --key " + who->key;
    command += " -w '\\nHTTP:%{http_code}' " + args;
    std::string output;
    RunCommand(command, &output);
    return output;
  }

  static std::string Url(const std::string& path) { return "https://" + camd_->http_addr() + path; }

  static void CreateNamespace(const Identity& who, const std::string& ns) {
    v1::NamespaceCreateRequest request;
    request.set_namespace_(ns);
    v1::NamespaceCreateResponse response;
    auto context = Context();
    grpc::Status status = MemoryAs(who)->NamespaceCreate(context.get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  static std::string* data_dir_;
  static CamdProcess* camd_;
  static bool started_;
};

std::string* CamdIntegrationTest::data_dir_ = nullptr;
CamdProcess* CamdIntegrationTest::camd_ = nullptr;
bool CamdIntegrationTest::started_ = false;

TEST_F(CamdIntegrationTest, WriteAndReadOverGrpcAndHttp) {
  CreateNamespace(Operator(), "it-basic");
  v1::ContextWriteRequest write;
  write.set_namespace_("it-basic");
  write.set_key("notes/today");
  write.set_value(std::string("\x00\x01hello\xff", 8));
  (*write.mutable_metadata())["source"] = "test";
  v1::ContextWriteResponse written;
  auto context = Context();
  grpc::Status status = MemoryAs(Operator())->ContextWrite(context.get(), write, &written);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(written.version(), 1);

  v1::ContextReadRequest read;
  read.set_namespace_("it-basic");
  read.set_key("notes/today");
  v1::ContextReadResponse got;
  context = Context();
  ASSERT_TRUE(MemoryAs(Operator())->ContextRead(context.get(), read, &got).ok());
  EXPECT_EQ(got.entry().value(), write.value());
  EXPECT_EQ(got.entry().metadata().at("source"), "test");

  // The same data over HTTPS/JSON: bytes are base64 in protobuf's JSON mapping.
  const std::string body = Curl(Url("/v1/namespaces/it-basic/keys/notes/today"));
  EXPECT_NE(body.find("HTTP:200"), std::string::npos) << body;
  EXPECT_NE(body.find("\"value\":\"AAFoZWxsb/8=\""), std::string::npos) << body;
  const std::string put = Curl("-X PUT -d '{\"value\":\"aGk=\",\"expectedVersion\":\"1\"}' " +
                               Url("/v1/namespaces/it-basic/keys/notes/today"));
  EXPECT_NE(put.find("\"version\":\"2\""), std::string::npos) << put;
  const std::string conflict = Curl("-X PUT -d '{\"value\":\"aGk=\",\"expectedVersion\":\"1\"}' " +
                                    Url("/v1/namespaces/it-basic/keys/notes/today"));
  EXPECT_NE(conflict.find("HTTP:409"), std::string::npos) << conflict;
  EXPECT_NE(conflict.find("CAM_STORE_CAS_MISMATCH"), std::string::npos) << conflict;
  EXPECT_NE(conflict.find("\"request_id\""), std::string::npos) << conflict;
}

// Writes to one key from many connections at once: over gRPC a write that finds its key held
// continues on a worker instead of waiting on gRPC's thread; every write still gets its own
// version, with no gap and none lost.
TEST_F(CamdIntegrationTest, ConcurrentWritersOfOneKeyOverGrpcGetEveryVersion) {
  CreateNamespace(Operator(), "it-contended");
  constexpr int kWriters = 8;
  constexpr int kWritesEach = 25;
  std::vector<std::vector<int64_t>> versions(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([w, &versions] {
      std::unique_ptr<v1::Memory::Stub> stub = MemoryAs(Operator());
      for (int i = 0; i < kWritesEach; ++i) {
        v1::ContextWriteRequest write;
        write.set_namespace_("it-contended");
        write.set_key("counter");
        write.set_value("writer " + std::to_string(w) + " write " + std::to_string(i));
        v1::ContextWriteResponse written;
        auto context = Context();
        grpc::Status status = stub->ContextWrite(context.get(), write, &written);
        EXPECT_TRUE(status.ok()) << status.error_message();
        if (status.ok()) versions[w].push_back(written.version());
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  std::set<int64_t> all;
  for (const auto& list : versions) all.insert(list.begin(), list.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kWriters * kWritesEach));
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), kWriters * kWritesEach);

  v1::ContextReadRequest read;
  read.set_namespace_("it-contended");
  read.set_key("counter");
  v1::ContextReadResponse got;
  auto context = Context();
  ASSERT_TRUE(MemoryAs(Operator())->ContextRead(context.get(), read, &got).ok());
  EXPECT_EQ(got.entry().version(), kWriters * kWritesEach);
}

TEST_F(CamdIntegrationTest, ClientWithoutCertificateIsRefused) {
  v1::NamespaceListRequest request;
  v1::NamespaceListResponse response;
  auto context = Context();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  grpc::Status status = MemoryAs(std::nullopt)->NamespaceList(context.get(), request, &response);
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(status.error_code() == grpc::StatusCode::UNAVAILABLE ||
              status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
      << status.error_code();
  const std::string http = Curl(Url("/v1/namespaces"), std::nullopt);
  EXPECT_EQ(http.find("HTTP:200"), std::string::npos) << http;
}

TEST_F(CamdIntegrationTest, Tls12ClientIsRefusedOnBothPorts) {
  for (const std::string& addr : {camd_->grpc_addr(), camd_->http_addr()}) {
    std::string output;
    RunCommand("openssl s_client -connect " + addr + " -tls1_2 -CAfile " + camd_->pki("ca.pem") +
                   " -cert " + Operator().cert + " -key " + Operator().key + " </dev/null",
               &output);
    EXPECT_NE(output.find("Cipher is (NONE)"), std::string::npos) << addr << "\n" << output;
    RunCommand("openssl s_client -connect " + addr + " -tls1_3 -CAfile " + camd_->pki("ca.pem") +
                   " -cert " + Operator().cert + " -key " + Operator().key + " </dev/null",
               &output);
    EXPECT_NE(output.find("TLSv1.3"), std::string::npos) << addr << "\n" << output;
  }
}

TEST_F(CamdIntegrationTest, OversizedValueIsRefused) {
  CreateNamespace(Operator(), "it-size");
  v1::ContextWriteRequest write;
  write.set_namespace_("it-size");
  write.set_key("big");
  write.set_value(std::string((1 << 20) + 1, 'x'));
  v1::ContextWriteResponse response;
  auto context = Context();
  grpc::Status status = MemoryAs(Operator())->ContextWrite(context.get(), write, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ReasonOf(status), "CAM_VALIDATION_VALUE_TOO_LARGE");

  // Over HTTP the body itself is too large: 413 before any parsing.
  const std::string file = *data_dir_ + "/big.json";
  {
    std::ofstream out(file);
    out << "{\"value\":\"" << std::string(1500000, 'A') << "\"}";
  }
  const std::string http =
      Curl("-X PUT --data-binary @" + file + " " + Url("/v1/namespaces/it-size/keys/big"));
  EXPECT_NE(http.find("HTTP:413"), std::string::npos) << http.substr(0, 300);
}

TEST_F(CamdIntegrationTest, BadNamesAreRefusedWithTheirReason) {
  CreateNamespace(Operator(), "it-names");
  struct Case {
    std::string ns;
    std::string key;
    std::string reason;
  };
  for (const Case& c : {Case{"Bad NS", "k", "CAM_VALIDATION_NAMESPACE_PATTERN"},
                        Case{"-leading", "k", "CAM_VALIDATION_NAMESPACE_PATTERN"},
                        Case{"it-names", "../escape", "CAM_VALIDATION_KEY_PATTERN"},
                        Case{"it-names", "/abs", "CAM_VALIDATION_KEY_PATTERN"},
                        Case{"it-names", "a//b", "CAM_VALIDATION_KEY_PATTERN"},
                        Case{"it-names", std::string(257, 'k'), "CAM_VALIDATION_KEY_PATTERN"},
                        Case{"it-names", "", "CAM_VALIDATION_REQUIRED"}}) {
    v1::ContextWriteRequest write;
    write.set_namespace_(c.ns);
    write.set_key(c.key);
    write.set_value("v");
    v1::ContextWriteResponse response;
    auto context = Context();
    grpc::Status status = MemoryAs(Operator())->ContextWrite(context.get(), write, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.key;
    EXPECT_EQ(ReasonOf(status), c.reason) << c.ns << " / " << c.key.substr(0, 20);
  }
  const std::string http =
      Curl("-X PUT -d '{\"value\":\"aGk=\"}' " + Url("/v1/namespaces/it-names/keys/a/../b"));
  // curl normalises ../ itself unless told not to; use --path-as-is to send it raw.
  const std::string raw = Curl("--path-as-is -X PUT -d '{\"value\":\"aGk=\"}' " +
                               Url("/v1/namespaces/it-names/keys/a/../b"));
  EXPECT_NE(raw.find("CAM_VALIDATION_KEY_PATTERN"), std::string::npos) << raw;
  EXPECT_NE(raw.find("HTTP:400"), std::string::npos) << raw;
  const std::string bad_json =
      Curl("-X PUT -d '{\"value\":' " + Url("/v1/namespaces/it-names/keys/k"));
  EXPECT_NE(bad_json.find("CAM_VALIDATION_MALFORMED_BODY"), std::string::npos) << bad_json;
  (void)http;
}

TEST_F(CamdIntegrationTest, AgentsCannotTouchOthersNamespaces) {
  CreateNamespace(Agent1(), "it-agent1");
  v1::ContextWriteRequest write;
  write.set_namespace_("it-agent1");
  write.set_key("mine");
  write.set_value("v");
  v1::ContextWriteResponse response;
  auto context = Context();
  ASSERT_TRUE(MemoryAs(Agent1())->ContextWrite(context.get(), write, &response).ok());

  context = Context();
  grpc::Status denied = MemoryAs(Agent2())->ContextWrite(context.get(), write, &response);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(denied), "CAM_AUTHZ_DENIED");
  // A namespace that does not exist looks exactly the same to agent-2.
  write.set_namespace_("it-does-not-exist");
  context = Context();
  grpc::Status missing = MemoryAs(Agent2())->ContextWrite(context.get(), write, &response);
  EXPECT_EQ(missing.error_code(), denied.error_code());
  EXPECT_EQ(missing.error_message(), denied.error_message());
  // Restore is an operator action even on one's own namespace.
  v1::ContextRestoreRequest restore;
  restore.set_namespace_("it-agent1");
  restore.set_snapshot_id("s");
  v1::ContextRestoreResponse restored;
  context = Context();
  EXPECT_EQ(MemoryAs(Agent1())->ContextRestore(context.get(), restore, &restored).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(CamdIntegrationTest, UnimplementedVerbsSayUnimplemented) {
  // A valid request to a verb whose handler has not landed (operator: authorization passes).
  const std::string http = Curl(Url("/v1/agents"));
  EXPECT_NE(http.find("HTTP:501"), std::string::npos) << http;
  EXPECT_NE(http.find("CAM_NOT_IMPLEMENTED"), std::string::npos) << http;
  const std::string route = Curl(Url("/v1/no/such/route"));
  EXPECT_NE(route.find("HTTP:404"), std::string::npos) << route;
}

// Raw bytes to a gRPC method by path, as a client of any language could send them.
grpc::Status CallRaw(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                     const std::string& request_bytes) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, path, grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  return done.get_future().get();
}

TEST_F(CamdIntegrationTest, UnimplementedVerbsUnknownMethodsAndStreamsSayUnimplementedOverGrpc) {
  const std::shared_ptr<grpc::Channel> channel = ChannelAs(Operator());
  for (const std::string path :
       {"/cam.v1.Agents/AgentList", "/cam.v1.Memory/NoSuchVerb", "/no.such.Service/Call"}) {
    const grpc::Status status = CallRaw(channel, path, "");
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << path;
    EXPECT_EQ(ReasonOf(status), "CAM_NOT_IMPLEMENTED") << path;
  }
  // A server stream: answered without reading, like an unknown method.
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  std::unique_ptr<grpc::ClientReader<grpc::health::v1::HealthCheckResponse>> watch =
      health->Watch(&context, grpc::health::v1::HealthCheckRequest());
  grpc::health::v1::HealthCheckResponse update;
  EXPECT_FALSE(watch->Read(&update));
  const grpc::Status watched = watch->Finish();
  EXPECT_EQ(watched.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(ReasonOf(watched), "CAM_NOT_IMPLEMENTED");
}

TEST_F(CamdIntegrationTest, UnparsableRequestOverGrpcIsRefusedWithItsReason) {
  // Field 1 as a length-delimited string claiming 100 bytes where 2 follow.
  const grpc::Status status =
      CallRaw(ChannelAs(Operator()), "/cam.v1.Memory/ContextRead", std::string("\x0a\x64hi", 4));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ReasonOf(status), "CAM_VALIDATION_MALFORMED_BODY");
}

TEST_F(CamdIntegrationTest, HealthOverGrpcAndHttp) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ReadFile(camd_->pki("ca.pem"));
  tls.pem_cert_chain = ReadFile(Agent1().cert);
  tls.pem_private_key = ReadFile(Agent1().key);
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(camd_->grpc_addr(), grpc::SslCredentials(tls)));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  auto context = Context();
  ASSERT_TRUE(health->Check(context.get(), request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_NE(Curl(Url("/healthz")).find("HTTP:200"), std::string::npos);
  EXPECT_NE(Curl(Url("/readyz")).find("HTTP:200"), std::string::npos);
}

TEST_F(CamdIntegrationTest, EveryCallIsAudited) {
  // Each test may run in its own process with its own camd, so make the calls to look for here.
  CreateNamespace(Agent1(), "it-audit");
  v1::ContextWriteRequest write;
  write.set_namespace_("it-audit");
  write.set_key("k");
  write.set_value("hello");
  v1::ContextWriteResponse response;
  auto context = Context();
  ASSERT_TRUE(MemoryAs(Agent1())->ContextWrite(context.get(), write, &response).ok());
  context = Context();
  ASSERT_EQ(MemoryAs(Agent2())->ContextWrite(context.get(), write, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The reply is sent only after the record is synced, so it is in the file now.
  const std::string audit = ReadFile(*data_dir_ + "/audit.jsonl");
  EXPECT_NE(audit.find("\"outcome\":\"CAM_AUTHZ_DENIED\""), std::string::npos);
  EXPECT_NE(audit.find("\"action\":\"memory.write\""), std::string::npos);
  // Values never reach the audit log; digests do.
  EXPECT_EQ(audit.find("hello"), std::string::npos);
}

// A Memory stub over mutual TLS with the dev PKI's operator certificate.
std::unique_ptr<v1::Memory::Stub> OperatorMemoryStub(const CamdProcess& camd) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ReadFile(camd.pki("ca.pem"));
  tls.pem_cert_chain = ReadFile(camd.pki("operator.pem"));
  tls.pem_private_key = ReadFile(camd.pki("operator-key.pem"));
  return v1::Memory::NewStub(grpc::CreateChannel(camd.grpc_addr(), grpc::SslCredentials(tls)));
}

grpc::Status CreateNamespace(v1::Memory::Stub& stub, const std::string& name) {
  grpc::ClientContext context;
  v1::NamespaceCreateRequest create;
  create.set_namespace_(name);
  v1::NamespaceCreateResponse created;
  return stub.NamespaceCreate(&context, create, &created);
}

// A separate camd: acknowledged writes survive kill -9, and SIGTERM exits cleanly.
TEST(CamdDurabilityTest, AcknowledgedWritesSurviveKill9) {
  const std::string dir = NewTempDir("camd-kill");
  std::vector<std::string> acknowledged;
  {
    CamdProcess camd(dir);
    ASSERT_TRUE(camd.Start()) << camd.failure();
    auto stub = OperatorMemoryStub(camd);
    ASSERT_TRUE(CreateNamespace(*stub, "durable").ok());
    std::vector<std::thread> writers;
    std::mutex mu;
    for (int t = 0; t < 4; ++t) {
      writers.emplace_back([&, t] {
        for (int i = 0; i < 25; ++i) {
          grpc::ClientContext context;
          v1::ContextWriteRequest write;
          write.set_namespace_("durable");
          write.set_key("t" + std::to_string(t) + "/k" + std::to_string(i));
          write.set_value("value-" + std::to_string(i));
          v1::ContextWriteResponse response;
          if (stub->ContextWrite(&context, write, &response).ok()) {
            std::lock_guard lock(mu);
            acknowledged.push_back(write.key());
          }
        }
      });
    }
    for (auto& w : writers) w.join();
    camd.Kill();
  }
  ASSERT_EQ(acknowledged.size(), 100u);
  CamdProcess again(dir);
  ASSERT_TRUE(again.Start()) << again.failure();
  auto stub = OperatorMemoryStub(again);
  for (const std::string& key : acknowledged) {
    grpc::ClientContext context;
    v1::ContextReadRequest read;
    read.set_namespace_("durable");
    read.set_key(key);
    v1::ContextReadResponse response;
    grpc::Status status = stub->ContextRead(&context, read, &response);
    ASSERT_TRUE(status.ok()) << key << ": " << status.error_message();
    EXPECT_EQ(response.entry().value().rfind("value-", 0), 0u);
  }
  EXPECT_EQ(again.Terminate(), 0);  // SIGTERM drains and exits 0
  std::filesystem::remove_all(dir);
}

// Stops camd (kill -9, or SIGTERM when `graceful`) while eight clients keep writing, then checks
// after a restart that every write camd acknowledged is there with its acknowledged version.
// Writes are answered by the store's commit thread, so many are between queue and sync at the
// moment camd stops.
void CheckWritesInFlightWhenCamdStops(bool graceful) {
  const std::string dir = NewTempDir(graceful ? "camd-term" : "camd-kill-busy");
  std::map<std::string, int64_t> acknowledged;
  {
    CamdProcess camd(dir);
    ASSERT_TRUE(camd.Start()) << camd.failure();
    auto stub = OperatorMemoryStub(camd);
    ASSERT_TRUE(CreateNamespace(*stub, "busy").ok());
    std::mutex mu;
    std::atomic<int> acks{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < 8; ++t) {
      writers.emplace_back([&, t] {
        // Few keys per writer, so the same keys are rewritten and versions matter.
        for (int i = 0;; ++i) {
          grpc::ClientContext context;
          context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
          v1::ContextWriteRequest write;
          write.set_namespace_("busy");
          write.set_key("w" + std::to_string(t) + "/k" + std::to_string(i % 5));
          write.set_value("value-" + std::to_string(i));
          v1::ContextWriteResponse response;
          if (!stub->ContextWrite(&context, write, &response).ok()) return;  // camd is gone
          std::lock_guard lock(mu);
          acknowledged[write.key()] = response.version();
          ++acks;
        }
      });
    }
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (acks.load() < 200 && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (graceful) {
      EXPECT_EQ(camd.Terminate(), 0);  // drains the calls in flight and exits cleanly
    } else {
      camd.Kill();
    }
    for (auto& w : writers) w.join();
  }
  ASSERT_GE(acknowledged.size(), 20u);
  CamdProcess again(dir);
  ASSERT_TRUE(again.Start()) << again.failure();
  auto stub = OperatorMemoryStub(again);
  for (const auto& [key, version] : acknowledged) {
    grpc::ClientContext context;
    v1::ContextReadRequest read;
    read.set_namespace_("busy");
    read.set_key(key);
    v1::ContextReadResponse response;
    grpc::Status status = stub->ContextRead(&context, read, &response);
    ASSERT_TRUE(status.ok()) << key << ": " << status.error_message();
    // A later write may have landed without its answer reaching the client, never an earlier.
    EXPECT_GE(response.entry().version(), version) << key;
  }
  EXPECT_EQ(again.Terminate(), 0);
  std::filesystem::remove_all(dir);
}

TEST(CamdDurabilityTest, WritesInFlightAtKill9KeepEveryAcknowledgedOne) {
  CheckWritesInFlightWhenCamdStops(/*graceful=*/false);
}

TEST(CamdDurabilityTest, SigtermDrainsWritesInFlightAndKeepsEveryAcknowledgedOne) {
  CheckWritesInFlightWhenCamdStops(/*graceful=*/true);
}

}  // namespace
}  // namespace cam::testing

namespace cam::testing {
namespace {

TEST_F(CamdIntegrationTest, OperatorActionsNeedTwoFactors) {
  CreateNamespace(Operator(), "it-mfa");
  v1::NamespaceDeleteRequest request;
  request.set_namespace_("it-mfa");
  v1::NamespaceDeleteResponse response;
  auto context = Context();
  const grpc::Status one_factor =
      MemoryAs(Operator())->NamespaceDelete(context.get(), request, &response);
  EXPECT_EQ(one_factor.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(one_factor), "CAM_AUTH_MFA_REQUIRED");
  // Certificate plus a token for the same operator: two factors.
  const std::string token = OperatorToken();
  ASSERT_FALSE(token.empty());
  context = ContextWith("Bearer " + token);
  const grpc::Status two_factors =
      MemoryAs(Operator())->NamespaceDelete(context.get(), request, &response);
  EXPECT_TRUE(two_factors.ok()) << two_factors.error_message();
  // The same token from an agent's connection is one factor only.
  CreateNamespace(Operator(), "it-mfa");
  context = ContextWith("Bearer " + token);
  EXPECT_EQ(ReasonOf(MemoryAs(Agent1())->NamespaceDelete(context.get(), request, &response)),
            "CAM_AUTH_MFA_REQUIRED");
  // A token cannot be exchanged for a fresh one.
  v1::TokenIssueResponse renewed;
  context = ContextWith("Bearer " + token);
  EXPECT_EQ(IdentityAs(Operator())
                ->TokenIssue(context.get(), v1::TokenIssueRequest(), &renewed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// camd publishes its token keys, so a verifier elsewhere checks camd's tokens offline.
TEST_F(CamdIntegrationTest, PublishedTokenKeysVerifyIssuedTokens) {
  const std::string keys = camd_->data_dir() + "/token-keys.json";
  const std::string token = OperatorToken();
  ASSERT_FALSE(token.empty());
  const std::string verify =
      BinDir() + "/camctl jwt verify --jwks " + keys + " --iss camd --aud cam-api ";
  std::string output;
  EXPECT_EQ(RunCommand(verify + token, &output), 0) << output;
  // The same check fails for a tampered token, and the file holds no private key material.
  std::string tampered = token;
  char& inside_signature = tampered[tampered.size() - 10];
  inside_signature = inside_signature == 'A' ? 'B' : 'A';
  EXPECT_EQ(RunCommand(verify + tampered, &output), 1) << output;
  const std::string published = ReadFile(keys);
  EXPECT_NE(published.find("\"keys\""), std::string::npos);
  EXPECT_EQ(published.find("\"d\""), std::string::npos);
  EXPECT_EQ(published.find("\"priv\""), std::string::npos);
}

TEST_F(CamdIntegrationTest, BadTokensAreRefusedAlike) {
  v1::ProfileResponse profile;
  for (const std::string& authorization :
       {std::string("Bearer not.a.token"), std::string("Bearer eyJhbGciOiJub25lIn0.e30."),
        OperatorToken() + "x", std::string("Basic dXNlcjpwYXNz")}) {
    auto context =
        ContextWith(authorization.starts_with("Bearer") || authorization.starts_with("Basic")
                        ? authorization
                        : "Bearer " + authorization);
    const grpc::Status status =
        IdentityAs(Agent1())->Profile(context.get(), v1::ProfileRequest(), &profile);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << authorization;
    EXPECT_EQ(ReasonOf(status), "CAM_AUTH_CREDENTIALS_INVALID") << authorization;
  }
  const std::string http =
      Curl("-H 'Authorization: Bearer not.a.token' " + Url("/v1/identity/profile"), Agent1());
  EXPECT_NE(http.find("HTTP:401"), std::string::npos) << http;
}

TEST_F(CamdIntegrationTest, ScopedTokensStayWithinTheirScopes) {
  CreateNamespace(Agent1(), "it-scoped");
  v1::TokenIssueRequest issue;
  issue.add_scopes("memory.read");
  v1::TokenIssueResponse issued;
  auto context = Context();
  ASSERT_TRUE(IdentityAs(Agent1())->TokenIssue(context.get(), issue, &issued).ok());
  v1::ContextWriteRequest write;
  write.set_namespace_("it-scoped");
  write.set_key("k");
  write.set_value("v");
  v1::ContextWriteResponse written;
  context = ContextWith("Bearer " + issued.access_token());
  const grpc::Status refused = MemoryAs(Agent1())->ContextWrite(context.get(), write, &written);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  context = Context();
  ASSERT_TRUE(MemoryAs(Agent1())->ContextWrite(context.get(), write, &written).ok());
  v1::ContextReadRequest read;
  read.set_namespace_("it-scoped");
  read.set_key("k");
  v1::ContextReadResponse got;
  context = ContextWith("Bearer " + issued.access_token());
  EXPECT_TRUE(MemoryAs(Agent1())->ContextRead(context.get(), read, &got).ok());
  // Profile reports the token's identity and factors: mTLS (same agent) and the token.
  v1::ProfileResponse profile;
  context = ContextWith("Bearer " + issued.access_token());
  ASSERT_TRUE(IdentityAs(Agent1())->Profile(context.get(), v1::ProfileRequest(), &profile).ok());
  EXPECT_EQ(profile.principal().id(), "agent-1");
  EXPECT_EQ(profile.principal().factors_size(), 2);
  EXPECT_EQ(profile.principal().credential_id(), issued.jti());
}

TEST_F(CamdIntegrationTest, ApiKeyLifecycleOnBothTransports) {
  const std::string admin = "Bearer " + OperatorToken();
  v1::ApiKeyCreateRequest create;
  create.set_name("ci");
  create.set_principal_id("bot-1");
  create.add_scopes("identity");
  v1::ApiKeyCreateResponse created;
  auto context = ContextWith(admin);
  ASSERT_TRUE(IdentityAs(Operator())->ApiKeyCreate(context.get(), create, &created).ok());
  const std::string key = created.secret();
  ASSERT_TRUE(key.starts_with("cam_" + created.key().key_id() + "_"));

  const auto profile_over_grpc = [](const std::string& api_key) {
    v1::ProfileResponse profile;
    auto ctx = ContextWith("ApiKey " + api_key);
    const grpc::Status status =
        IdentityAs(Agent2())->Profile(ctx.get(), v1::ProfileRequest(), &profile);
    return std::make_pair(status, profile);
  };
  const auto profile_over_http = [](const std::string& api_key) {
    return Curl("-H 'Authorization: ApiKey " + api_key + "' " + Url("/v1/identity/profile"),
                Agent2());
  };
  auto [ok, profile] = profile_over_grpc(key);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(profile.principal().id(), "bot-1");
  EXPECT_EQ(profile.principal().credential_id(), created.key().key_id());
  EXPECT_NE(profile_over_http(key).find("HTTP:200"), std::string::npos);
  EXPECT_NE(profile_over_http(key).find("bot-1"), std::string::npos);
  // camctl presents it from CAM_API_KEY (on agent-2's connection) and sees bot-1.
  std::string whoami;
  EXPECT_EQ(RunCommand("CAM_ADDR=" + camd_->grpc_addr() + " CAM_CACERT=" + camd_->pki("ca.pem") +
                           " CAM_CLIENT_CERT=" + camd_->pki("agent-2.pem") +
                           " CAM_CLIENT_KEY=" + camd_->pki("agent-2-key.pem") +
                           " CAM_API_KEY=" + key + " " + BinDir() + "/camctl whoami --output json",
                       &whoami),
            0)
      << whoami;
  EXPECT_NE(whoami.find("\"bot-1\""), std::string::npos) << whoami;

  // The list never shows a secret.
  v1::ApiKeyListResponse listed;
  context = ContextWith(admin);
  ASSERT_TRUE(
      IdentityAs(Operator())->ApiKeyList(context.get(), v1::ApiKeyListRequest(), &listed).ok());
  EXPECT_EQ(listed.DebugString().find(key.substr(key.rfind('_') + 1)), std::string::npos);

  // Rotation without grace: the old key stops at once, the new one works, on both transports.
  v1::ApiKeyRotateRequest rotate;
  rotate.set_key_id(created.key().key_id());
  v1::ApiKeyRotateResponse rotated;
  context = ContextWith(admin);
  ASSERT_TRUE(IdentityAs(Operator())->ApiKeyRotate(context.get(), rotate, &rotated).ok());
  EXPECT_EQ(profile_over_grpc(key).first.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(profile_over_http(key).find("HTTP:401"), std::string::npos);
  const std::string new_key = rotated.secret();
  EXPECT_TRUE(profile_over_grpc(new_key).first.ok());

  // Revocation is effective immediately on both transports.
  v1::ApiKeyRevokeRequest revoke;
  revoke.set_key_id(rotated.new_key().key_id());
  v1::ApiKeyRevokeResponse revoked;
  context = ContextWith(admin);
  ASSERT_TRUE(IdentityAs(Operator())->ApiKeyRevoke(context.get(), revoke, &revoked).ok());
  const grpc::Status after = profile_over_grpc(new_key).first;
  EXPECT_EQ(after.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ReasonOf(after), "CAM_AUTH_CREDENTIALS_INVALID");
  EXPECT_NE(profile_over_http(new_key).find("HTTP:401"), std::string::npos);

  // Key administration is an operator action: a single factor is not enough.
  context = Context();
  EXPECT_EQ(ReasonOf(IdentityAs(Operator())->ApiKeyCreate(context.get(), create, &created)),
            "CAM_AUTH_MFA_REQUIRED");
}

v1::PolicyRule Rule(const std::string& id, v1::PolicyEffect effect, const std::string& principal,
                    const std::string& action, const std::string& resource) {
  v1::PolicyRule rule;
  rule.set_rule_id(id);
  rule.set_effect(effect);
  rule.add_principals()->set_id(principal);
  rule.add_actions(action);
  rule.add_resources(resource);
  return rule;
}

// The request id camd gave a failed call (ErrorInfo metadata), so it can be explained.
std::string RequestIdOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info))
      return info.metadata().count("request_id") ? info.metadata().at("request_id") : "";
  }
  return "";
}

TEST_F(CamdIntegrationTest, RefusalsAreExplainedAndAudited) {
  // A deny rule, and a typo the policy lint warns about (the document is stored all the same).
  v1::PolicyUpdateRequest update;
  v1::PolicyDocument* document = update.mutable_document();
  document->set_policy_id("it-explain");
  *document->add_rules() =
      Rule("no-drafts", v1::POLICY_EFFECT_DENY, "*", "memory.*", "ns/it-explain/drafts/**");
  *document->add_rules() =
      Rule("typo", v1::POLICY_EFFECT_ALLOW, "agent-2", "memory.wirte", "ns/it-explain/**");
  v1::PolicyUpdateResponse updated;
  auto context = ContextWith("Bearer " + OperatorToken());
  ASSERT_TRUE(PolicyAs(Operator())->PolicyUpdate(context.get(), update, &updated).ok());
  EXPECT_TRUE(updated.applied());
  ASSERT_EQ(updated.diagnostics_size(), 1);
  EXPECT_EQ(updated.diagnostics(0).severity(), v1::DIAGNOSTIC_SEVERITY_WARNING);
  EXPECT_EQ(updated.diagnostics(0).rule_id(), "typo");
  EXPECT_EQ(updated.diagnostics(0).field(), "actions[0]");

  CreateNamespace(Agent1(), "it-explain");
  v1::ContextWriteRequest write;
  write.set_namespace_("it-explain");
  write.set_key("drafts/x");
  write.set_value("v");
  v1::ContextWriteResponse written;
  context = Context();
  const grpc::Status denied = MemoryAs(Agent1())->ContextWrite(context.get(), write, &written);
  ASSERT_EQ(ReasonOf(denied), "CAM_AUTHZ_DENIED");
  const std::string request_id = RequestIdOf(denied);
  ASSERT_FALSE(request_id.empty());

  v1::ExplainActionRequest explain;
  explain.set_request_id(request_id);
  v1::ExplainActionResponse why;
  context = Context();
  const grpc::Status explained =
      v1::Observe::NewStub(ChannelAs(Agent1()))->ExplainAction(context.get(), explain, &why);
  ASSERT_TRUE(explained.ok()) << explained.error_message();
  ASSERT_EQ(why.chain_size(), 1);
  const v1::DecisionRecord& record = why.chain(0);
  EXPECT_FALSE(record.allowed());
  EXPECT_EQ(record.reason(), v1::DECISION_REASON_EXPLICIT_DENY);
  EXPECT_EQ(record.reason_code(), "CAM_AUTHZ_DENIED");
  EXPECT_EQ(record.action(), "memory.write");
  ASSERT_EQ(record.matched_rules_size(), 1);
  EXPECT_EQ(record.matched_rules(0).policy_id(), "it-explain");
  EXPECT_EQ(record.matched_rules(0).rule_id(), "no-drafts");

  // Another agent cannot read that decision: it looks like one that never existed.
  context = Context();
  EXPECT_EQ(
      ReasonOf(
          v1::Observe::NewStub(ChannelAs(Agent2()))->ExplainAction(context.get(), explain, &why)),
      "CAM_DECISION_NOT_FOUND");

  // The audit line of the refused call carries the same decision id and the matched rule.
  const std::string audit = ReadFile(*data_dir_ + "/audit.jsonl");
  const size_t line_start = audit.find("\"request_id\":\"" + request_id + "\"");
  ASSERT_NE(line_start, std::string::npos);
  const std::string line = audit.substr(line_start, audit.find('\n', line_start) - line_start);
  EXPECT_NE(line.find("\"decision_id\":\"" + record.decision_id() + "\""), std::string::npos);
  EXPECT_NE(line.find("\"rule_id\":\"no-drafts\""), std::string::npos);

  // A request refused before any handler (header too large) is audited too.
  const std::string bomb =
      Curl("-H 'X-Big: " + std::string(20000, 'a') + "' " + Url("/v1/namespaces"));
  EXPECT_NE(bomb.find("HTTP:431"), std::string::npos) << bomb;
  EXPECT_NE(ReadFile(*data_dir_ + "/audit.jsonl").find("\"http_status\":\"431\""),
            std::string::npos);
}

TEST_F(CamdIntegrationTest, PoliciesGrantAndDenyOnTopOfOwnership) {
  CreateNamespace(Agent1(), "it-shared");
  v1::ContextWriteRequest write;
  write.set_namespace_("it-shared");
  write.set_key("notes/a");
  write.set_value("v");
  v1::ContextWriteResponse written;
  auto context = Context();
  ASSERT_TRUE(MemoryAs(Agent1())->ContextWrite(context.get(), write, &written).ok());
  write.set_key("secret/b");
  context = Context();
  ASSERT_TRUE(MemoryAs(Agent1())->ContextWrite(context.get(), write, &written).ok());

  v1::ContextReadRequest read;
  read.set_namespace_("it-shared");
  read.set_key("notes/a");
  v1::ContextReadResponse got;
  context = Context();
  ASSERT_EQ(MemoryAs(Agent2())->ContextRead(context.get(), read, &got).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::PolicyUpdateRequest update;
  v1::PolicyDocument* document = update.mutable_document();
  document->set_policy_id("it-shared");
  *document->add_rules() =
      Rule("agent2-reads", v1::POLICY_EFFECT_ALLOW, "agent-2", "memory.read", "ns/it-shared/**");
  *document->add_rules() =
      Rule("no-secrets", v1::POLICY_EFFECT_DENY, "*", "memory.*", "ns/it-shared/secret/**");
  update.set_expected_version(0);
  v1::PolicyUpdateResponse updated;
  // Policy changes are operator actions: two factors.
  context = Context();
  EXPECT_EQ(ReasonOf(PolicyAs(Operator())->PolicyUpdate(context.get(), update, &updated)),
            "CAM_AUTH_MFA_REQUIRED");
  context = ContextWith("Bearer " + OperatorToken());
  const grpc::Status stored = PolicyAs(Operator())->PolicyUpdate(context.get(), update, &updated);
  ASSERT_TRUE(stored.ok()) << stored.error_message();
  EXPECT_TRUE(updated.applied());
  EXPECT_EQ(updated.document().version(), 1);

  // The grant: agent-2 reads agent-1's namespace, but may not write it.
  context = Context();
  EXPECT_TRUE(MemoryAs(Agent2())->ContextRead(context.get(), read, &got).ok());
  context = Context();
  write.set_key("notes/a");
  EXPECT_EQ(MemoryAs(Agent2())->ContextWrite(context.get(), write, &written).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Deny wins, even over ownership.
  read.set_key("secret/b");
  context = Context();
  EXPECT_EQ(ReasonOf(MemoryAs(Agent1())->ContextRead(context.get(), read, &got)),
            "CAM_AUTHZ_DENIED");

  // PolicyQuery explains a decision for the caller.
  v1::PolicyQueryRequest query;
  query.set_action("memory.read");
  query.set_resource("ns/it-shared/notes/a");
  v1::PolicyQueryResponse answer;
  context = Context();
  ASSERT_TRUE(PolicyAs(Agent2())->PolicyQuery(context.get(), query, &answer).ok());
  EXPECT_TRUE(answer.allowed());
  ASSERT_EQ(answer.matched_rules_size(), 1);
  EXPECT_EQ(answer.matched_rules(0).rule_id(), "agent2-reads");
  // Asking about someone else is for operators.
  query.set_principal_id("agent-1");
  context = Context();
  EXPECT_EQ(PolicyAs(Agent2())->PolicyQuery(context.get(), query, &answer).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // An invalid document is refused with its field, and changes nothing.
  v1::PolicyUpdateRequest bad;
  bad.mutable_document()->set_policy_id("it-shared");
  *bad.mutable_document()->add_rules() =
      Rule("r", v1::POLICY_EFFECT_ALLOW, "agent-2", "not an action", "ns/x");
  context = ContextWith("Bearer " + OperatorToken());
  EXPECT_EQ(ReasonOf(PolicyAs(Operator())->PolicyUpdate(context.get(), bad, &updated)),
            "CAM_POLICY_INVALID");
  read.set_key("notes/a");
  context = Context();
  EXPECT_TRUE(MemoryAs(Agent2())->ContextRead(context.get(), read, &got).ok());
  v1::PolicyGetRequest get;
  get.set_policy_id("it-shared");
  v1::PolicyGetResponse fetched;
  context = Context();
  ASSERT_TRUE(PolicyAs(Operator())->PolicyGet(context.get(), get, &fetched).ok());
  EXPECT_EQ(fetched.document().version(), 1);
  EXPECT_EQ(fetched.document().rules_size(), 2);
}

// A code of `secret` for `offset` from now, as an authenticator app would show it.
std::string TotpCodeAt(const std::vector<uint8_t>& secret, absl::Duration offset = {}) {
  absl::StatusOr<std::string> code = identity::TotpCode(secret, absl::Now() + offset);
  EXPECT_TRUE(code.ok()) << code.status();
  return code.ok() ? *code : "";
}

TEST_F(CamdIntegrationTest, OperatorApiKeyWithTotpRunsOperatorActions) {
  // An operator API key, used from another (agent's) connection: the key alone is one factor.
  const std::string admin = "Bearer " + OperatorToken();
  v1::ApiKeyCreateRequest create;
  create.set_name("ops");
  create.set_principal_id("op-totp");
  create.set_principal_kind(v1::PRINCIPAL_KIND_OPERATOR);
  create.add_scopes("identity");
  v1::ApiKeyCreateResponse created;
  auto context = ContextWith(admin);
  ASSERT_TRUE(IdentityAs(Operator())->ApiKeyCreate(context.get(), create, &created).ok());
  const std::string api_key = "ApiKey " + created.secret();

  // Before enrolment a code is refused.
  v1::TokenIssueRequest with_code;
  with_code.set_totp_code("123456");
  v1::TokenIssueResponse issued;
  context = ContextWith(api_key);
  const grpc::Status not_enrolled =
      IdentityAs(Agent2())->TokenIssue(context.get(), with_code, &issued);
  EXPECT_EQ(ReasonOf(not_enrolled), "CAM_AUTH_CREDENTIALS_INVALID");

  // Enrol and confirm over gRPC.
  v1::TotpEnrollResponse enrolled;
  context = ContextWith(api_key);
  grpc::Status status =
      IdentityAs(Agent2())->TotpEnroll(context.get(), v1::TotpEnrollRequest(), &enrolled);
  ASSERT_TRUE(status.ok()) << status.error_message() << " " << ReasonOf(status);
  EXPECT_NE(enrolled.otpauth_uri().find("secret=" + enrolled.secret_base32()), std::string::npos);
  absl::StatusOr<std::vector<uint8_t>> secret = identity::Base32Decode(enrolled.secret_base32());
  ASSERT_TRUE(secret.ok());
  v1::TotpConfirmRequest confirm;
  confirm.set_code(TotpCodeAt(*secret));
  v1::TotpConfirmResponse confirmed;
  context = ContextWith(api_key);
  status = IdentityAs(Agent2())->TotpConfirm(context.get(), confirm, &confirmed);
  ASSERT_TRUE(status.ok()) << status.error_message() << " " << ReasonOf(status);

  // The next step's code (the current one was spent on confirmation) adds the TOTP factor.
  with_code.set_totp_code(TotpCodeAt(*secret, absl::Seconds(30)));
  context = ContextWith(api_key);
  status = IdentityAs(Agent2())->TokenIssue(context.get(), with_code, &issued);
  ASSERT_TRUE(status.ok()) << status.error_message() << " " << ReasonOf(status);
  EXPECT_NE(std::find(issued.factors().begin(), issued.factors().end(), v1::AUTH_FACTOR_TOTP),
            issued.factors().end());
  // The same code again is a replay.
  v1::TokenIssueResponse replayed;
  context = ContextWith(api_key);
  EXPECT_EQ(ReasonOf(IdentityAs(Agent2())->TokenIssue(context.get(), with_code, &replayed)),
            "CAM_AUTH_CREDENTIALS_INVALID");

  // Token + TOTP is two factors: an operator-only call goes through.
  v1::ApiKeyCreateRequest another = create;
  another.set_name("ops-2");
  another.set_principal_kind(v1::PRINCIPAL_KIND_AGENT);
  another.set_principal_id("bot-totp");
  context = ContextWith("Bearer " + issued.access_token());
  status = IdentityAs(Agent2())->ApiKeyCreate(context.get(), another, &created);
  EXPECT_TRUE(status.ok()) << status.error_message() << " " << ReasonOf(status);

  // A token from the same key without a code is one factor.
  v1::TokenIssueResponse plain;
  context = ContextWith(api_key);
  ASSERT_TRUE(
      IdentityAs(Agent2())->TokenIssue(context.get(), v1::TokenIssueRequest(), &plain).ok());
  context = ContextWith("Bearer " + plain.access_token());
  EXPECT_EQ(ReasonOf(IdentityAs(Agent2())->ApiKeyCreate(context.get(), another, &created)),
            "CAM_AUTH_MFA_REQUIRED");

  // Reset (operator): the enrolment is gone, and codes from it are refused.
  v1::TotpResetRequest reset;
  reset.set_principal_id("op-totp");
  reset.set_principal_kind(v1::PRINCIPAL_KIND_OPERATOR);
  v1::TotpResetResponse was_reset;
  context = ContextWith(admin);
  status = IdentityAs(Operator())->TotpReset(context.get(), reset, &was_reset);
  ASSERT_TRUE(status.ok()) << status.error_message() << " " << ReasonOf(status);
  EXPECT_TRUE(was_reset.removed());
  with_code.set_totp_code(TotpCodeAt(*secret, absl::Seconds(30)));
  context = ContextWith(api_key);
  EXPECT_EQ(ReasonOf(IdentityAs(Agent2())->TokenIssue(context.get(), with_code, &issued)),
            "CAM_AUTH_CREDENTIALS_INVALID");
}

TEST_F(CamdIntegrationTest, TotpEnrolmentOverHttp) {
  const std::string http =
      Curl("-X POST -H 'Content-Type: application/json' -d '{}' " + Url("/v1/identity/totp-enroll"),
           Agent2());
  EXPECT_NE(http.find("HTTP:200"), std::string::npos) << http;
  EXPECT_NE(http.find("otpauth://totp/camd:"), std::string::npos) << http;
}

TEST_F(CamdIntegrationTest, CertificateBoundTokenOnlyWorksWithItsCertificate) {
  v1::TokenIssueRequest request;
  request.set_certificate_bound(true);
  v1::TokenIssueResponse issued;
  auto context = Context();
  grpc::Status status = IdentityAs(Agent1())->TokenIssue(context.get(), request, &issued);
  ASSERT_TRUE(status.ok()) << status.error_message() << " " << ReasonOf(status);

  v1::ProfileResponse profile;
  context = ContextWith("Bearer " + issued.access_token());
  status = IdentityAs(Agent1())->Profile(context.get(), v1::ProfileRequest(), &profile);
  ASSERT_TRUE(status.ok()) << status.error_message() << " " << ReasonOf(status);
  EXPECT_EQ(profile.principal().id(), "agent-1");

  context = ContextWith("Bearer " + issued.access_token());
  const grpc::Status refused =
      IdentityAs(Agent2())->Profile(context.get(), v1::ProfileRequest(), &profile);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ReasonOf(refused), "CAM_AUTH_CREDENTIALS_INVALID");
}

}  // namespace
}  // namespace cam::testing
