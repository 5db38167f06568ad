// End-to-end client-certificate policy: a real camd with client classes mapping the dev PKI's
// identities to tenants (CAM_AUTH_CLIENT_CLASSES_FILE) and with a CRL (CAM_TLS_CRL_FILE), driven
// over gRPC.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "cam/v1/identity.grpc.pb.h"
#include "cam/v1/memory.grpc.pb.h"
#include "cam/v1/policy.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/integration/camd_process.h"
#include "tests/testing/file_text.h"

namespace cam::testing {
namespace {

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::trunc) << text;
}

std::string ReasonOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

std::unique_ptr<grpc::ClientContext> Context(const std::string& authorization = "") {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!authorization.empty()) context->AddMetadata("authorization", authorization);
  return context;
}

// A client of one camd as the holder of <pki>/<name>.pem.
struct Client {
  Client(const CamdProcess& camd, const std::string& cert, const std::string& key) {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = ReadFile(camd.pki("ca.pem"));
    tls.pem_cert_chain = ReadFile(camd.pki(cert));
    tls.pem_private_key = ReadFile(camd.pki(key));
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    channel = grpc::CreateCustomChannel(camd.grpc_addr(), grpc::SslCredentials(tls), args);
    memory = v1::Memory::NewStub(channel);
    identity = v1::Identity::NewStub(channel);
    policy = v1::Policy::NewStub(channel);
  }
  grpc::Status Profile(v1::ProfileResponse* response) {
    auto context = Context();
    return identity->Profile(context.get(), v1::ProfileRequest(), response);
  }
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::Memory::Stub> memory;
  std::unique_ptr<v1::Identity::Stub> identity;
  std::unique_ptr<v1::Policy::Stub> policy;
};

Client Operator(const CamdProcess& camd) {
  return Client(camd, "operator.pem", "operator-key.pem");
}
Client Agent1(const CamdProcess& camd) { return Client(camd, "agent.pem", "agent-key.pem"); }
Client Agent2(const CamdProcess& camd) { return Client(camd, "agent-2.pem", "agent-2-key.pem"); }

constexpr char kClasses[] = R"(classes:
  - name: operators
    match: {spiffe_id: "spiffe://cam.local/operator/admin"}
    kind: operator
    tenant: default
  - name: agent-one
    match: {spiffe_id: "spiffe://cam.local/agent/agent-1"}
    kind: agent
    tenant: default
  - name: agent-two
    match: {spiffe_id: "spiffe://cam.local/agent/agent-2"}
    kind: agent
    tenant: beta
)";

class ClientClassesIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = NewTempDir("camd-classes");
    ASSERT_FALSE(dir_.empty());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(ClientClassesIntegrationTest, TenantsFromClassesAreIsolatedEvenUnderAnOpenPolicy) {
  WriteFile(dir_ + "/classes.yaml", kClasses);
  CamdProcess camd(dir_ + "/data");
  camd.SetEnv("CAM_AUTH_CLIENT_CLASSES_FILE", dir_ + "/classes.yaml");
  ASSERT_TRUE(camd.Start()) << camd.failure();
  Client op = Operator(camd);
  Client one = Agent1(camd);
  Client two = Agent2(camd);

  v1::ProfileResponse profile;
  ASSERT_TRUE(two.Profile(&profile).ok());
  EXPECT_EQ(profile.principal().id(), "agent-2");
  EXPECT_EQ(profile.principal().tenant(), "beta");
  ASSERT_TRUE(one.Profile(&profile).ok());
  EXPECT_EQ(profile.principal().tenant(), "default");

  v1::NamespaceCreateRequest create;
  create.set_namespace_("cc-one");
  v1::NamespaceCreateResponse created;
  auto context = Context();
  ASSERT_TRUE(one.memory->NamespaceCreate(context.get(), create, &created).ok());
  v1::ContextWriteRequest write;
  write.set_namespace_("cc-one");
  write.set_key("k");
  write.set_value("agent-1 data");
  v1::ContextWriteResponse written;
  context = Context();
  ASSERT_TRUE(one.memory->ContextWrite(context.get(), write, &written).ok());

  // Allow every memory verb on every namespace, to everyone of both tenants.
  v1::TokenIssueResponse token;
  context = Context();
  ASSERT_TRUE(op.identity->TokenIssue(context.get(), v1::TokenIssueRequest(), &token).ok());
  for (const char* tenant : {"default", "beta"}) {
    v1::PolicyUpdateRequest update;
    v1::PolicyDocument* document = update.mutable_document();
    document->set_policy_id(std::string("open-") + tenant);
    document->set_tenant(tenant);
    v1::PolicyRule* rule = document->add_rules();
    rule->set_rule_id("everything");
    rule->set_effect(v1::POLICY_EFFECT_ALLOW);
    rule->add_principals()->set_id("*");
    rule->add_actions("memory.*");
    rule->add_resources("ns/**");
    v1::PolicyUpdateResponse updated;
    context = Context("Bearer " + token.access_token());
    const grpc::Status stored = op.policy->PolicyUpdate(context.get(), update, &updated);
    ASSERT_TRUE(stored.ok()) << tenant << ": " << stored.error_message();
  }

  // agent-2 (tenant beta) can neither read nor write agent-1's namespace (tenant default).
  v1::ContextReadRequest read;
  read.set_namespace_("cc-one");
  read.set_key("k");
  v1::ContextReadResponse got;
  context = Context();
  grpc::Status denied = two.memory->ContextRead(context.get(), read, &got);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(denied), "CAM_AUTHZ_DENIED");
  write.set_value("agent-2 was here");
  context = Context();
  denied = two.memory->ContextWrite(context.get(), write, &written);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(denied), "CAM_AUTHZ_DENIED");
  context = Context();
  ASSERT_TRUE(one.memory->ContextRead(context.get(), read, &got).ok());
  EXPECT_EQ(got.entry().value(), "agent-1 data");
  EXPECT_EQ(got.entry().version(), 1);

  // Within its own tenant the open policy works for agent-2, and it sees only beta's names.
  create.set_namespace_("cc-two");
  context = Context();
  ASSERT_TRUE(two.memory->NamespaceCreate(context.get(), create, &created).ok());
  EXPECT_EQ(created.namespace_info().tenant(), "beta");
  v1::NamespaceListResponse listed;
  context = Context();
  ASSERT_TRUE(two.memory->NamespaceList(context.get(), v1::NamespaceListRequest(), &listed).ok());
  ASSERT_EQ(listed.namespaces_size(), 1);
  EXPECT_EQ(listed.namespaces(0).namespace_(), "cc-two");
  EXPECT_EQ(camd.Terminate(), 0);
}

TEST_F(ClientClassesIntegrationTest, BadClassesFileFailsStartup) {
  WriteFile(dir_ + "/classes.yaml", "classes:\n  - name: x\n    tennant: beta\n");
  CamdProcess camd(dir_ + "/data");
  camd.SetEnv("CAM_AUTH_CLIENT_CLASSES_FILE", dir_ + "/classes.yaml");
  EXPECT_FALSE(camd.Start());
  EXPECT_NE(camd.failure().find("auth.client_classes_file"), std::string::npos) << camd.failure();
  EXPECT_NE(camd.failure().find("tennant"), std::string::npos) << camd.failure();
}

// A PKI of the test's own, laid out as camd's dev PKI (which camd then reuses), so the test
// holds the CA key and can revoke.
class CrlIntegrationTest : public ClientClassesIntegrationTest {
 protected:
  void SetUp() override {
    ClientClassesIntegrationTest::SetUp();
    pki_ = dir_ + "/data/pki";
    std::filesystem::create_directories(pki_);
    std::filesystem::permissions(dir_ + "/data", std::filesystem::perms::owner_all);
    WriteFile(dir_ + "/req.cnf",
              "[req]\ndistinguished_name = dn\nx509_extensions = v3_ca\nprompt = no\n[dn]\n"
              "CN = x\n[v3_ca]\nbasicConstraints = critical,CA:TRUE\n"
              "keyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n");
    WriteFile(dir_ + "/ca.cnf", "[ca]\ndefault_ca = d\n[d]\ndatabase = " + dir_ +
                                    "/index.txt\ndefault_md = sha256\ndefault_crl_days = 30\n");
    WriteFile(dir_ + "/index.txt", "");
    Run("openssl req -x509 -new -config req.cnf -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
        "-nodes -keyout ca-key.pem -out ca.pem -subj '/CN=CRL test CA' -days 2");
    Leaf("server", "localhost", "DNS:localhost,IP:127.0.0.1,IP:::1", "serverAuth", "1001");
    Leaf("operator", "admin", "URI:spiffe://cam.local/operator/admin", "clientAuth", "1002");
    Leaf("agent", "agent-1", "URI:spiffe://cam.local/agent/agent-1", "clientAuth", "1003");
    Leaf("agent-2", "agent-2", "URI:spiffe://cam.local/agent/agent-2", "clientAuth", "1004");
    // ca.pem last: its presence tells camd the PKI is complete.
    Run("cp ca.pem '" + pki_ + "/ca.pem'");
  }

  void Run(const std::string& command) {
    std::string output;
    ASSERT_EQ(RunCommand("cd '" + dir_ + "' && " + command, &output), 0) << command << output;
  }
  void Leaf(const std::string& name, const std::string& cn, const std::string& san,
            const std::string& usage, const std::string& serial) {
    WriteFile(dir_ + "/" + name + ".ext",
              "subjectAltName=" + san + "\nextendedKeyUsage=" + usage + "\n");
    Run("openssl req -new -config req.cnf -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
        "-keyout '" +
        pki_ + "/" + name + "-key.pem' -subj '/CN=" + cn + "' -out " + name + ".csr");
    Run("openssl x509 -req -in " + name + ".csr -CA ca.pem -CAkey ca-key.pem -set_serial 0x" +
        serial + " -days 1 -extfile " + name + ".ext -out '" + pki_ + "/" + name + ".pem'");
  }
  void Revoke(const std::string& name) {
    Run("openssl ca -config ca.cnf -keyfile ca-key.pem -cert ca.pem -revoke '" + pki_ + "/" + name +
        ".pem'");
  }
  // Writes the CRL next to the target and renames it in place, as a deploy tool would.
  void PublishCrl(const std::string& path) {
    Run("openssl ca -config ca.cnf -keyfile ca-key.pem -cert ca.pem -gencrl -out crl.tmp && "
        "mv crl.tmp '" +
        path + "'");
  }

  std::string pki_;
};

TEST_F(CrlIntegrationTest, RevokedCertificateRefusedAfterRestartAndOnLiveReload) {
  CamdProcess camd(dir_ + "/data");
  ASSERT_TRUE(camd.Start()) << camd.failure();
  v1::ProfileResponse profile;
  ASSERT_TRUE(Agent2(camd).Profile(&profile).ok());
  ASSERT_EQ(camd.Terminate(), 0);

  Revoke("agent-2");
  const std::string crl = dir_ + "/crl.pem";
  PublishCrl(crl);
  camd.SetEnv("CAM_TLS_CRL_FILE", crl);
  ASSERT_TRUE(camd.Start()) << camd.failure();
  Client two = Agent2(camd);
  grpc::Status refused = two.Profile(&profile);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ReasonOf(refused), "CAM_AUTH_CLIENT_CERT_REVOKED");
  Client one = Agent1(camd);
  ASSERT_TRUE(one.Profile(&profile).ok());
  EXPECT_EQ(profile.principal().id(), "agent-1");

  // A new CRL is picked up without a restart and cuts off agent-1's open connection too.
  Revoke("agent");
  PublishCrl(crl);
  grpc::Status cut;
  for (int attempt = 0; attempt < 30; ++attempt) {
    cut = one.Profile(&profile);
    if (!cut.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  EXPECT_EQ(ReasonOf(cut), "CAM_AUTH_CLIENT_CERT_REVOKED");
  ASSERT_TRUE(Operator(camd).Profile(&profile).ok());

  // A broken CRL at reload keeps the last good list in force.
  WriteFile(crl, "garbage");
  std::this_thread::sleep_for(std::chrono::seconds(6));
  EXPECT_EQ(ReasonOf(one.Profile(&profile)), "CAM_AUTH_CLIENT_CERT_REVOKED");
  ASSERT_TRUE(Operator(camd).Profile(&profile).ok());
  EXPECT_EQ(camd.Terminate(), 0);

  // ...but at startup it is fatal, with a clear message.
  EXPECT_FALSE(camd.Start());
  EXPECT_NE(camd.failure().find("tls.crl_file"), std::string::npos) << camd.failure();
}

TEST_F(CrlIntegrationTest, CrlOfAnotherCaFailsStartup) {
  Run("openssl req -x509 -new -config req.cnf -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
      "-nodes -keyout other-key.pem -out other.pem -subj '/CN=Other CA' -days 2");
  WriteFile(dir_ + "/other-index.txt", "");
  WriteFile(dir_ + "/other.cnf", "[ca]\ndefault_ca = d\n[d]\ndatabase = " + dir_ +
                                     "/other-index.txt\ndefault_md = sha256\n"
                                     "default_crl_days = 30\n");
  Run("openssl ca -config other.cnf -keyfile other-key.pem -cert other.pem -gencrl "
      "-out other-crl.pem");
  CamdProcess camd(dir_ + "/data");
  camd.SetEnv("CAM_TLS_CRL_FILE", dir_ + "/other-crl.pem");
  EXPECT_FALSE(camd.Start());
  EXPECT_NE(camd.failure().find("not signed by a configured client CA"), std::string::npos)
      << camd.failure();
}

}  // namespace
}  // namespace cam::testing
