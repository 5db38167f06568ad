// Cross-tenant isolation over the real envelope: certificates mapped to tenants by client
// classes, a policy that allows every memory verb on every namespace to everyone of tenant beta,
// and the memory syscalls over the in-memory store. Tenant beta (agents and operators) must not
// reach anything of tenant alpha, and must not be able to tell alpha's namespaces from missing
// ones.
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/reasons.h"
#include "cam/v1/memory.pb.h"
#include "envelope/chain.h"
#include "envelope/envelope_config.h"
#include "envelope/method_table.h"
#include "envelope/owner_authorizer.h"
#include "envelope/policy_authorizer.h"
#include "identity/certificate_policy.h"
#include "keys/namespace_key_cipher.h"
#include "policy/policy_engine.h"
#include "store/memory/memory_store.h"
#include "syscalls/memory/memory_syscalls.h"
#include "tests/testing/status_matchers.h"

namespace cam::syscalls {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;

class RecordingSink : public audit::AuditSink {
 public:
  absl::Status Append(const audit::AuditRecord& record) override {
    records.push_back(record);
    return absl::OkStatus();
  }
  std::vector<audit::AuditRecord> records;
};

base::SecureBuffer TestRootKey() {
  base::SecureBuffer key(32);
  for (size_t i = 0; i < key.size(); ++i) key.data()[i] = static_cast<uint8_t>(7 * i);
  return key;
}

constexpr char kClasses[] = R"(classes:
  - name: alpha-agents
    match: {spiffe_id: "spiffe://cam.local/agent/alpha-*"}
    kind: agent
    tenant: alpha
  - name: beta-agents
    match: {spiffe_id: "spiffe://cam.local/agent/*"}
    kind: agent
    tenant: beta
  - name: alpha-operators
    match: {spiffe_id: "spiffe://cam.local/operator/alpha-*"}
    kind: operator
    tenant: alpha
  - name: beta-operators
    match: {spiffe_id: "spiffe://cam.local/operator/*"}
    kind: operator
    tenant: beta
)";

constexpr char kAllowAll[] = R"pb(policy_id: "open"
                                  rules {
                                    rule_id: "everything"
                                    effect: POLICY_EFFECT_ALLOW
                                    principals {}
                                    actions: "memory.*"
                                    resources: "ns/**"
                                  })pb";

class CrossTenantTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cam-xtenant-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "classes.yaml") << kClasses;
    CAM_ASSERT_OK_AND_ASSIGN(auto classes,
                             identity::ClientClassesFile::Open(dir_ / "classes.yaml", "cam.local"));
    certificates_ =
        std::make_unique<identity::CertificatePolicy>(std::move(classes), nullptr, &clock_);
    CAM_ASSERT_OK_AND_ASSIGN(directory_, NamespaceDirectory::Load(&store_, &cipher_));
    memory_ = std::make_unique<MemorySyscalls>(&store_, directory_.get(), &cipher_, &clock_,
                                               MemoryConfig{});
    ASSERT_THAT(memory_->RegisterAll(handlers_), IsOk());
    CAM_ASSERT_OK_AND_ASSIGN(engine_, policy::PolicyEngine::Open(&store_, &clock_));
    cam::v1::PolicyDocument open;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kAllowAll, &open));
    for (const char* tenant : {"alpha", "beta"}) {
      ASSERT_THAT(engine_->Update(open, std::nullopt, {.id = "setup", .tenant = tenant}).status(),
                  IsOk());
    }
    owner_ = std::make_unique<envelope::OwnerAuthorizer>(directory_.get());
    authorizer_ =
        std::make_unique<envelope::PolicyAuthorizer>(engine_.get(), owner_.get(), directory_.get());
    CAM_ASSERT_OK_AND_ASSIGN(methods_, envelope::MethodTable::Build());
    envelope::EnvelopeConfig config;
    config.require_operator_mfa = false;  // so only tenancy can refuse the operator-only verbs
    CAM_ASSERT_OK_AND_ASSIGN(chain_,
                             envelope::BuildChain(config, {.authorizer = authorizer_.get(),
                                                           .credentials = nullptr,
                                                           .certificates = certificates_.get(),
                                                           .handlers = &handlers_,
                                                           .audit_sink = &sink_,
                                                           .clock = &clock_}));

    // Tenant alpha's data: a namespace with a key, a snapshot.
    v1::NamespaceCreateRequest create;
    create.set_namespace_("alpha-ns");
    ASSERT_THAT(Call(kAlphaAgent, "NamespaceCreate", create), IsOk());
    v1::ContextWriteRequest write;
    write.set_namespace_("alpha-ns");
    write.set_key("secret");
    write.set_value("alpha-data");
    ASSERT_THAT(Call(kAlphaAgent, "ContextWrite", write), IsOk());
    v1::ContextSnapshotRequest snapshot;
    snapshot.set_namespace_("alpha-ns");
    snapshot.set_snapshot_id("snap1");
    ASSERT_THAT(Call(kAlphaAgent, "ContextSnapshot", snapshot), IsOk());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Call runs `request` through the whole chain as the holder of a certificate with `spiffe_id`;
  // the response lands in `response` when given.
  absl::Status Call(const std::string& spiffe_id, const std::string& method,
                    const google::protobuf::Message& request,
                    google::protobuf::Message* response = nullptr) {
    const envelope::MethodInfo* info = methods_->FindByFullName("cam.v1.Memory." + method);
    if (info == nullptr) return absl::NotFoundError(method);
    std::unique_ptr<google::protobuf::Message> req(info->request_prototype->New());
    req->CopyFrom(request);
    std::unique_ptr<google::protobuf::Message> resp(info->response_prototype->New());
    envelope::Call call;
    call.request_id = "xt-" + std::to_string(++calls_);
    call.transport = envelope::Transport::kGrpc;
    call.peer.address = "ipv4:127.0.0.1:5555";
    call.peer.certificate.present = call.peer.certificate.verified = true;
    call.peer.certificate.uri_sans = {spiffe_id};
    call.method = info;
    call.request = req.get();
    call.response = resp.get();
    call.request_bytes = req->ByteSizeLong();
    call.received_at = clock_.Now();
    absl::Status status = chain_->Run(call);
    if (status.ok() && response != nullptr) response->CopyFrom(*resp);
    return status;
  }

  static constexpr char kAlphaAgent[] = "spiffe://cam.local/agent/alpha-1";
  static constexpr char kAlphaOperator[] = "spiffe://cam.local/operator/alpha-ops";
  static constexpr char kBetaAgent[] = "spiffe://cam.local/agent/agent-2";
  static constexpr char kBetaOperator[] = "spiffe://cam.local/operator/admin";

  std::filesystem::path dir_;
  base::FakeClock clock_{absl::Now()};  // the store checks deadlines on the real clock
  store::MemoryStore store_;
  keys::NamespaceKeyCipher cipher_{TestRootKey()};
  std::unique_ptr<identity::CertificatePolicy> certificates_;
  std::unique_ptr<NamespaceDirectory> directory_;
  std::unique_ptr<MemorySyscalls> memory_;
  envelope::HandlerRegistry handlers_;
  std::unique_ptr<policy::PolicyEngine> engine_;
  std::unique_ptr<envelope::OwnerAuthorizer> owner_;
  std::unique_ptr<envelope::PolicyAuthorizer> authorizer_;
  std::unique_ptr<envelope::MethodTable> methods_;
  RecordingSink sink_;
  std::unique_ptr<envelope::Chain> chain_;
  int calls_ = 0;
};

// Every namespace-bound memory verb, aimed at `ns`.
std::vector<std::pair<std::string, std::unique_ptr<google::protobuf::Message>>> EveryVerb(
    const std::string& ns) {
  std::vector<std::pair<std::string, std::unique_ptr<google::protobuf::Message>>> verbs;
  auto add = [&](std::string method, auto message) {
    message->set_namespace_(ns);
    verbs.emplace_back(std::move(method), std::move(message));
  };
  auto write = std::make_unique<v1::ContextWriteRequest>();
  write->set_key("secret");
  write->set_value("beta-was-here");
  add("ContextWrite", std::move(write));
  auto read = std::make_unique<v1::ContextReadRequest>();
  read->set_key("secret");
  add("ContextRead", std::move(read));
  auto erase = std::make_unique<v1::ContextDeleteRequest>();
  erase->set_key("secret");
  erase->set_mode(v1::DELETE_MODE_DESTROY);
  add("ContextDelete", std::move(erase));
  add("ContextList", std::make_unique<v1::ContextListRequest>());
  auto versions = std::make_unique<v1::ContextVersionListRequest>();
  versions->set_key("secret");
  add("ContextVersionList", std::move(versions));
  auto snapshot = std::make_unique<v1::ContextSnapshotRequest>();
  snapshot->set_snapshot_id("beta-snap");
  add("ContextSnapshot", std::move(snapshot));
  auto restore = std::make_unique<v1::ContextRestoreRequest>();
  restore->set_snapshot_id("snap1");
  restore->set_force(true);
  add("ContextRestore", std::move(restore));
  add("SnapshotList", std::make_unique<v1::SnapshotListRequest>());
  auto drop = std::make_unique<v1::NamespaceDeleteRequest>();
  drop->set_force(true);
  add("NamespaceDelete", std::move(drop));
  return verbs;
}

TEST_F(CrossTenantTest, PolicyGrantsWithinATenant) {
  // The open policy is real: a beta agent reaches another beta agent's namespace through it,
  // and an alpha operator reaches alpha's. So the refusals below are tenancy, not a dead policy.
  v1::NamespaceCreateRequest create;
  create.set_namespace_("beta-ns");
  ASSERT_THAT(Call(kBetaOperator, "NamespaceCreate", create), IsOk());
  v1::ContextWriteRequest write;
  write.set_namespace_("beta-ns");
  write.set_key("k");
  write.set_value("v");
  EXPECT_THAT(Call(kBetaAgent, "ContextWrite", write), IsOk());
  v1::ContextReadRequest read;
  read.set_namespace_("alpha-ns");
  read.set_key("secret");
  v1::ContextReadResponse got;
  ASSERT_THAT(Call(kAlphaOperator, "ContextRead", read, &got), IsOk());
  EXPECT_EQ(got.entry().value(), "alpha-data");
}

TEST_F(CrossTenantTest, BetaCannotReachAlphaWithAnyMemoryVerb) {
  for (const char* caller : {kBetaAgent, kBetaOperator}) {
    for (const std::string ns : {"alpha-ns", "ghost-ns"}) {
      for (const auto& [method, request] : EveryVerb(ns)) {
        absl::Status status = Call(caller, method, *request);
        // Existing and missing namespaces are refused alike: same code, same reason.
        EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied)
            << caller << " " << method << " " << ns << ": " << status;
        EXPECT_THAT(status, HasReason("CAM_AUTHZ_DENIED")) << caller << " " << method << " " << ns;
      }
    }
    // NamespaceCreate of alpha's name neither reveals it as existing nor takes it over.
    v1::NamespaceCreateRequest create;
    create.set_namespace_("alpha-ns");
    absl::Status taken = Call(caller, "NamespaceCreate", create);
    EXPECT_EQ(taken.code(), absl::StatusCode::kPermissionDenied) << caller << ": " << taken;
    EXPECT_THAT(taken, HasReason("CAM_AUTHZ_DENIED")) << caller;
    // NamespaceList shows nothing of alpha.
    v1::NamespaceListResponse listed;
    ASSERT_THAT(Call(caller, "NamespaceList", v1::NamespaceListRequest(), &listed), IsOk());
    for (const v1::NamespaceInfo& info : listed.namespaces()) {
      EXPECT_NE(info.tenant(), "alpha") << caller << " sees " << info.namespace_();
      EXPECT_NE(info.namespace_(), "alpha-ns") << caller;
    }
  }

  // Alpha's data is untouched: same value, one version, one snapshot, same owner.
  v1::ContextReadRequest read;
  read.set_namespace_("alpha-ns");
  read.set_key("secret");
  v1::ContextReadResponse got;
  ASSERT_THAT(Call(kAlphaAgent, "ContextRead", read, &got), IsOk());
  EXPECT_EQ(got.entry().value(), "alpha-data");
  EXPECT_EQ(got.entry().version(), 1);
  v1::SnapshotListRequest snapshots_request;
  snapshots_request.set_namespace_("alpha-ns");
  v1::SnapshotListResponse snapshots;
  ASSERT_THAT(Call(kAlphaAgent, "SnapshotList", snapshots_request, &snapshots), IsOk());
  ASSERT_EQ(snapshots.snapshots_size(), 1);
  EXPECT_EQ(snapshots.snapshots(0).snapshot_id(), "snap1");
  v1::NamespaceListResponse alpha_view;
  ASSERT_THAT(Call(kAlphaOperator, "NamespaceList", v1::NamespaceListRequest(), &alpha_view),
              IsOk());
  ASSERT_EQ(alpha_view.namespaces_size(), 1);
  EXPECT_EQ(alpha_view.namespaces(0).namespace_(), "alpha-ns");
  EXPECT_EQ(alpha_view.namespaces(0).owner(), "alpha-1");
  EXPECT_EQ(alpha_view.namespaces(0).tenant(), "alpha");
  EXPECT_EQ(alpha_view.namespaces(0).usage().keys(), 1);
  // And nothing named ghost-ns came into being.
  v1::ContextListRequest ghost;
  ghost.set_namespace_("ghost-ns");
  EXPECT_THAT(Call(kAlphaOperator, "ContextList", ghost), HasReason("CAM_AUTHZ_DENIED"));
}

}  // namespace
}  // namespace cam::syscalls
