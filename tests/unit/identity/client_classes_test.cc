#include "identity/client_classes.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/escaping.h"
#include "tests/testing/status_matchers.h"

namespace cam::identity {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;
using envelope::PrincipalKind;
using ::testing::HasSubstr;

envelope::PeerCertificate SpiffeCert(std::string uri, std::string spki = std::string(32, 'k')) {
  envelope::PeerCertificate cert;
  cert.present = true;
  cert.verified = true;
  cert.subject_common_name = "ignored-cn";
  cert.uri_sans = {"https://example.com/x", std::move(uri)};
  cert.spki_sha256 = std::move(spki);
  return cert;
}

envelope::PeerCertificate CnCert(std::string cn) {
  envelope::PeerCertificate cert;
  cert.present = true;
  cert.verified = true;
  cert.subject_common_name = std::move(cn);
  cert.spki_sha256 = std::string(32, 'c');
  return cert;
}

constexpr char kClasses[] = R"(
classes:
  - name: operators
    match:
      spiffe_id: "spiffe://cam.local/operator/*"
    kind: operator
    tenant: default
  - name: beta-agents
    match:
      spiffe_id: "spiffe://cam.local/agent/beta-*"
    kind: agent
    tenant: beta
  - name: agents
    match:
      spiffe_id: "spiffe://cam.local/agent/*"
    kind: agent
    tenant: alpha
  - name: never-reached
    match:
      spiffe_id: "spiffe://cam.local/agent/beta-2"
    kind: agent
    tenant: gamma
  - name: legacy
    match:
      subject_cn: "legacy-*"
    kind: service
    tenant: alpha
)";

TEST(ClientClassesTest, FirstMatchingClassInFileOrderWins) {
  CAM_ASSERT_OK_AND_ASSIGN(ClientClasses classes, ClientClasses::Parse(kClasses, "cam.local"));
  EXPECT_EQ(classes.size(), 5u);

  CAM_ASSERT_OK_AND_ASSIGN(CertificateIdentity op,
                           classes.Resolve(SpiffeCert("spiffe://cam.local/operator/admin")));
  EXPECT_EQ(op.id, "admin");
  EXPECT_EQ(op.kind, PrincipalKind::kOperator);
  EXPECT_EQ(op.tenant, "default");
  EXPECT_EQ(op.class_name, "operators");

  // beta-2 matches "beta-agents", "agents" and "never-reached": the first one decides.
  CAM_ASSERT_OK_AND_ASSIGN(CertificateIdentity beta,
                           classes.Resolve(SpiffeCert("spiffe://cam.local/agent/beta-2")));
  EXPECT_EQ(beta.id, "beta-2");
  EXPECT_EQ(beta.tenant, "beta");
  EXPECT_EQ(beta.class_name, "beta-agents");

  CAM_ASSERT_OK_AND_ASSIGN(CertificateIdentity agent,
                           classes.Resolve(SpiffeCert("spiffe://cam.local/agent/agent-1")));
  EXPECT_EQ(agent.kind, PrincipalKind::kAgent);
  EXPECT_EQ(agent.tenant, "alpha");
  EXPECT_EQ(agent.class_name, "agents");
}

TEST(ClientClassesTest, SubjectClassesApplyOnlyWithoutSpiffeId) {
  CAM_ASSERT_OK_AND_ASSIGN(ClientClasses classes, ClientClasses::Parse(kClasses, "cam.local"));
  CAM_ASSERT_OK_AND_ASSIGN(CertificateIdentity legacy, classes.Resolve(CnCert("legacy-box")));
  EXPECT_EQ(legacy.id, "legacy-box");
  EXPECT_EQ(legacy.kind, PrincipalKind::kService);
  EXPECT_EQ(legacy.class_name, "legacy");
  // A CN that no subject class matches, and a SPIFFE id whose CN would match: both refused.
  EXPECT_THAT(classes.Resolve(CnCert("agent-1")), HasReason("CAM_AUTH_CLIENT_CERT_INVALID"));
  envelope::PeerCertificate spiffe = SpiffeCert("spiffe://cam.local/service/legacy-x");
  spiffe.subject_common_name = "legacy-x";
  absl::StatusOr<CertificateIdentity> refused = classes.Resolve(spiffe);
  EXPECT_THAT(refused, HasReason("CAM_AUTH_CLIENT_CERT_INVALID"));
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("matches no client class"));
}

TEST(ClientClassesTest, RefusesKindMismatchForeignDomainAndAmbiguousIds) {
  CAM_ASSERT_OK_AND_ASSIGN(ClientClasses classes, ClientClasses::Parse(R"(
classes:
  - name: everyone
    match: {spiffe_id: "spiffe://cam.local/**"}
    kind: operator
    tenant: default
)",
                                                                       "cam.local"));
  EXPECT_THAT(classes.Resolve(SpiffeCert("spiffe://cam.local/operator/admin")), IsOk());
  // The path says agent, the class says operator: a certificate cannot be promoted by a class.
  absl::StatusOr<CertificateIdentity> mismatch =
      classes.Resolve(SpiffeCert("spiffe://cam.local/agent/agent-1"));
  EXPECT_THAT(mismatch, HasReason("CAM_AUTH_CLIENT_CERT_INVALID"));
  EXPECT_THAT(std::string(mismatch.status().message()), HasSubstr("kind"));
  EXPECT_THAT(classes.Resolve(SpiffeCert("spiffe://cam.local/operator/a/b")),
              HasReason("CAM_AUTH_CLIENT_CERT_INVALID"));
  EXPECT_THAT(classes.Resolve(SpiffeCert("spiffe://other.domain/operator/admin")),
              HasReason("CAM_AUTH_CLIENT_CERT_INVALID"));
  envelope::PeerCertificate two = SpiffeCert("spiffe://cam.local/operator/admin");
  two.uri_sans.push_back("spiffe://cam.local/operator/root");
  EXPECT_THAT(classes.Resolve(two), HasReason("CAM_AUTH_CLIENT_CERT_INVALID"));
}

TEST(ClientClassesTest, PinsAcceptOnlyListedKeys) {
  const std::string pinned(32, '\x11');
  const std::string other(32, '\x22');
  const std::string yaml = R"(
classes:
  - name: pinned-ops
    match: {spiffe_id: "spiffe://cam.local/operator/*"}
    kind: operator
    tenant: default
    spki_pins: [")" + absl::Base64Escape(std::string(32, '\x33')) +
                           R"(", ")" + absl::Base64Escape(pinned) + R"("]
)";
  CAM_ASSERT_OK_AND_ASSIGN(ClientClasses classes, ClientClasses::Parse(yaml, "cam.local"));
  EXPECT_THAT(classes.Resolve(SpiffeCert("spiffe://cam.local/operator/admin", pinned)), IsOk());
  absl::StatusOr<CertificateIdentity> refused =
      classes.Resolve(SpiffeCert("spiffe://cam.local/operator/admin", other));
  EXPECT_THAT(refused, HasReason("CAM_AUTH_CLIENT_CERT_INVALID"));
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("not pinned"));
  EXPECT_THAT(classes.Resolve(SpiffeCert("spiffe://cam.local/operator/admin", "")),
              HasReason("CAM_AUTH_CLIENT_CERT_INVALID"));
}

struct BadFile {
  std::string name;
  std::string yaml;
  std::string message;
};

class ClientClassesRejectTest : public ::testing::TestWithParam<BadFile> {};

TEST_P(ClientClassesRejectTest, RejectsWithAClearMessage) {
  absl::StatusOr<ClientClasses> parsed = ClientClasses::Parse(GetParam().yaml, "cam.local");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(parsed.status().message()), HasSubstr(GetParam().message));
}

constexpr char kOne[] =
    "  - name: ops\n    match: {spiffe_id: \"spiffe://cam.local/operator/*\"}\n";

INSTANTIATE_TEST_SUITE_P(
    Files, ClientClassesRejectTest,
    ::testing::Values(
        BadFile{"UnknownTopKey", "classes: []\nclass: []\n", "unknown key \"class\""},
        BadFile{"UnknownClassKey",
                std::string("classes:\n") + kOne +
                    "    kind: operator\n    tenant: default\n    tennant: x\n",
                "class \"ops\": unknown key \"tennant\""},
        BadFile{"UnknownMatchKey",
                "classes:\n  - name: ops\n    match: {spiffe: \"x\"}\n    kind: agent\n"
                "    tenant: t\n",
                "class \"ops\" match: unknown key \"spiffe\""},
        BadFile{"BothMatchers",
                "classes:\n  - name: ops\n    match: {spiffe_id: \"spiffe://cam.local/a/*\", "
                "subject_cn: \"x\"}\n    kind: agent\n    tenant: t\n",
                "exactly one"},
        BadFile{"BadKind", std::string("classes:\n") + kOne + "    kind: admin\n    tenant: t\n",
                "class \"ops\": kind must be"},
        BadFile{"MissingTenant", std::string("classes:\n") + kOne + "    kind: operator\n",
                "tenant is required"},
        BadFile{"BadTenant",
                std::string("classes:\n") + kOne + "    kind: operator\n    tenant: a/b\n",
                "tenant is not an identifier"},
        BadFile{"DuplicateName",
                std::string("classes:\n") + kOne + "    kind: operator\n    tenant: t\n" + kOne +
                    "    kind: operator\n    tenant: t\n",
                "duplicate name"},
        BadFile{"ForeignDomain",
                "classes:\n  - name: ops\n    match: {spiffe_id: \"spiffe://evil/operator/*\"}\n"
                "    kind: operator\n    tenant: t\n",
                "must start with spiffe://cam.local/"},
        BadFile{"ShortPin",
                std::string("classes:\n") + kOne +
                    "    kind: operator\n    tenant: t\n    spki_pins: [\"AAAA\"]\n",
                "spki_pins"},
        BadFile{"EmptyPins",
                std::string("classes:\n") + kOne +
                    "    kind: operator\n    tenant: t\n    spki_pins: []\n",
                "non-empty"},
        BadFile{"NotAList", "classes: {}\n", "classes must be a list"},
        BadFile{"Syntax", "classes: [\n", "YAML error"}),
    [](const ::testing::TestParamInfo<BadFile>& info) { return info.param.name; });

class ClientClassesFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cam-classes-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    path_ = dir_ / "classes.yaml";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& text) {
    const auto tmp = dir_ / "tmp";
    std::ofstream(tmp, std::ios::trunc) << text;
    std::filesystem::rename(tmp, path_);
  }
  static std::string TenantFile(const std::string& tenant) {
    return "classes:\n  - name: agents\n    match: {spiffe_id: \"spiffe://cam.local/agent/*\"}\n"
           "    kind: agent\n    tenant: " +
           tenant + "\n";
  }
  std::filesystem::path dir_;
  std::filesystem::path path_;
};

TEST_F(ClientClassesFileTest, OpenFailsWithoutAGoodFile) {
  EXPECT_FALSE(ClientClassesFile::Open(path_, "cam.local").ok());
  Write("classes:\n  - name: x\n");
  EXPECT_FALSE(ClientClassesFile::Open(path_, "cam.local").ok());
}

TEST_F(ClientClassesFileTest, ReloadsOnChangeAndKeepsLastGoodSet) {
  Write(TenantFile("alpha"));
  CAM_ASSERT_OK_AND_ASSIGN(auto file, ClientClassesFile::Open(path_, "cam.local"));
  const auto cert = SpiffeCert("spiffe://cam.local/agent/agent-1");
  EXPECT_EQ(file->Current()->Resolve(cert)->tenant, "alpha");

  Write(TenantFile("beta"));
  CAM_ASSERT_OK_AND_ASSIGN(bool changed, file->Refresh());
  EXPECT_TRUE(changed);
  EXPECT_EQ(file->Current()->Resolve(cert)->tenant, "beta");

  Write("classes:\n  - name: agents\n    bogus: 1\n");
  EXPECT_FALSE(file->Refresh().ok());
  EXPECT_FALSE(file->last_error().ok());
  EXPECT_EQ(file->Current()->Resolve(cert)->tenant, "beta");  // last good set still in force

  std::filesystem::remove(path_);
  EXPECT_FALSE(file->Refresh().ok());
  EXPECT_EQ(file->Current()->Resolve(cert)->tenant, "beta");

  Write(TenantFile("gamma"));
  EXPECT_THAT(file->Refresh(), IsOk());
  EXPECT_TRUE(file->last_error().ok());
  EXPECT_EQ(file->Current()->Resolve(cert)->tenant, "gamma");
  EXPECT_EQ(file->reload_count(), 3u);
}

}  // namespace
}  // namespace cam::identity
