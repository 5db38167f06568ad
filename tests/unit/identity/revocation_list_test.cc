#include "identity/revocation_list.h"

#include <gtest/gtest.h>

#include <string>

#include "base/clock.h"
#include "identity/certificate_policy.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/identity/test_pki.h"

namespace cam::identity {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;
using ::testing::HasSubstr;

class RevocationListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pki_.MakeCa("ca", "Test Client CA");
    pki_.MakeCa("other", "Other CA");
    pki_.MakeLeaf("ca", "agent-1", "agent-1", "spiffe://cam.local/agent/agent-1", "0a01");
    pki_.MakeLeaf("ca", "agent-2", "agent-2", "spiffe://cam.local/agent/agent-2", "0a02");
    pki_.MakeLeaf("other", "stranger", "stranger", "spiffe://cam.local/agent/stranger", "0a02");
    pki_.Revoke("ca", "agent-2");
    pki_.MakeCrl("ca", "ca-crl.pem");
    pki_.MakeCrl("other", "other-crl.pem");  // revokes nothing
  }

  absl::StatusOr<RevocationList> Parse(const std::string& crl_file) {
    return RevocationList::Parse(pki_.Read(crl_file), pki_.Read("ca.pem"));
  }

  bool Revoked(const RevocationList& list, const std::string& leaf) {
    const envelope::PeerCertificate cert = pki_.Cert(leaf);
    EXPECT_FALSE(cert.serial_hex.empty());
    EXPECT_FALSE(cert.issuer_der.empty());
    return list.IsRevoked(cert.issuer_der, cert.serial_hex);
  }

  testing::TestPki pki_;
};

TEST_F(RevocationListTest, RevokedRefusedOthersAccepted) {
  CAM_ASSERT_OK_AND_ASSIGN(RevocationList list, Parse("ca-crl.pem"));
  EXPECT_EQ(list.crl_count(), 1u);
  EXPECT_EQ(list.revoked_count(), 1u);
  EXPECT_TRUE(Revoked(list, "agent-2"));
  EXPECT_FALSE(Revoked(list, "agent-1"));
  // Same serial, another issuer: not the revoked certificate.
  EXPECT_FALSE(Revoked(list, "stranger"));
  // Serials compare as numbers: case and leading zeros do not matter.
  const envelope::PeerCertificate cert = pki_.Cert("agent-2");
  EXPECT_TRUE(list.IsRevoked(cert.issuer_der, "0A02"));
  EXPECT_TRUE(list.IsRevoked(cert.issuer_der, "000a02"));
  EXPECT_FALSE(list.IsRevoked(cert.issuer_der, "a020"));
}

TEST_F(RevocationListTest, ReadsDerAndConcatenatedPem) {
  pki_.Run("openssl crl -in ca-crl.pem -outform der -out ca-crl.der");
  CAM_ASSERT_OK_AND_ASSIGN(RevocationList der, Parse("ca-crl.der"));
  EXPECT_TRUE(Revoked(der, "agent-2"));

  // Two CRLs of two CAs in one file, both CAs configured.
  pki_.Write("both.pem", pki_.Read("other-crl.pem") + pki_.Read("ca-crl.pem"));
  pki_.Write("cas.pem", pki_.Read("other.pem") + pki_.Read("ca.pem"));
  CAM_ASSERT_OK_AND_ASSIGN(RevocationList both,
                           RevocationList::Parse(pki_.Read("both.pem"), pki_.Read("cas.pem")));
  EXPECT_EQ(both.crl_count(), 2u);
  EXPECT_TRUE(Revoked(both, "agent-2"));
  EXPECT_FALSE(Revoked(both, "stranger"));
}

TEST_F(RevocationListTest, CrlOfAnUnconfiguredCaIsAnError) {
  absl::StatusOr<RevocationList> foreign = Parse("other-crl.pem");
  ASSERT_FALSE(foreign.ok());
  EXPECT_THAT(std::string(foreign.status().message()), HasSubstr("not signed by a configured"));
  // One foreign CRL among good ones still fails the whole file: nothing is silently skipped.
  pki_.Write("mixed.pem", pki_.Read("ca-crl.pem") + pki_.Read("other-crl.pem"));
  EXPECT_FALSE(Parse("mixed.pem").ok());
  // A CRL that names the configured CA but was signed by another key.
  pki_.Run(
      "openssl req -x509 -new -config req.cnf -key other-key.pem -subj '/CN=Test Client CA' "
      "-days 2 -out impostor.pem");
  pki_.Write("impostor-index.txt", "");
  pki_.Write("impostor-ca.cnf",
             "[ca]\ndefault_ca = d\n[d]\ndatabase = impostor-index.txt\ndefault_md = sha256\n"
             "default_crl_days = 30\n");
  pki_.Run("cp other-key.pem impostor-key.pem");
  pki_.MakeCrl("impostor", "impostor-crl.pem");
  EXPECT_FALSE(Parse("impostor-crl.pem").ok());
}

TEST_F(RevocationListTest, DamagedFilesAreErrors) {
  EXPECT_FALSE(RevocationList::Parse("", pki_.Read("ca.pem")).ok());
  EXPECT_FALSE(RevocationList::Parse("not a crl", pki_.Read("ca.pem")).ok());
  std::string pem = pki_.Read("ca-crl.pem");
  pem[pem.size() / 2] = pem[pem.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(RevocationList::Parse(pem, pki_.Read("ca.pem")).ok());
  // A certificate where a CRL is expected.
  EXPECT_FALSE(RevocationList::Parse(pki_.Read("agent-1.pem"), pki_.Read("ca.pem")).ok());
  EXPECT_FALSE(RevocationList::Parse(pki_.Read("ca-crl.pem"), "").ok());
}

TEST_F(RevocationListTest, StaleAfterNextUpdateButStillApplied) {
  CAM_ASSERT_OK_AND_ASSIGN(RevocationList list, Parse("ca-crl.pem"));
  EXPECT_FALSE(list.stale(absl::Now()));
  EXPECT_LT(list.next_update(), absl::Now() + absl::Hours(24 * 31));
  EXPECT_TRUE(list.stale(absl::Now() + absl::Hours(24 * 31)));
  EXPECT_TRUE(Revoked(list, "agent-2"));
}

TEST_F(RevocationListTest, FileReloadKeepsLastGoodList) {
  pki_.Run("cp ca-crl.pem crl.pem");
  CAM_ASSERT_OK_AND_ASSIGN(auto file,
                           RevocationListFile::Open(pki_.Path("crl.pem"), pki_.Path("ca.pem")));
  EXPECT_TRUE(Revoked(*file->Current(), "agent-2"));
  EXPECT_FALSE(Revoked(*file->Current(), "agent-1"));

  pki_.Revoke("ca", "agent-1");
  pki_.MakeCrl("ca", "next.pem");
  pki_.Run("mv next.pem crl.pem");
  CAM_ASSERT_OK_AND_ASSIGN(bool changed, file->Refresh());
  EXPECT_TRUE(changed);
  EXPECT_TRUE(Revoked(*file->Current(), "agent-1"));

  pki_.Run("cp other-crl.pem crl.pem");  // signed by a CA that is not configured
  EXPECT_FALSE(file->Refresh().ok());
  EXPECT_FALSE(file->last_error().ok());
  EXPECT_TRUE(Revoked(*file->Current(), "agent-1"));
  pki_.Write("crl.pem", "garbage");
  EXPECT_FALSE(file->Refresh().ok());
  EXPECT_TRUE(Revoked(*file->Current(), "agent-1"));
  EXPECT_EQ(file->reload_count(), 2u);
  EXPECT_FALSE(RevocationListFile::Open(pki_.Path("crl.pem"), pki_.Path("ca.pem")).ok());
}

// CertificatePolicy: the mapper the authenticate stage consults.
class CertificatePolicyTest : public RevocationListTest {
 protected:
  void WriteClasses(const std::string& pins) {
    pki_.Write("classes.yaml",
               "classes:\n"
               "  - name: pinned\n"
               "    match: {spiffe_id: \"spiffe://cam.local/agent/agent-1\"}\n"
               "    kind: agent\n    tenant: alpha\n    spki_pins: [\"" +
                   pins +
                   "\"]\n"
                   "  - name: agents\n"
                   "    match: {spiffe_id: \"spiffe://cam.local/agent/*\"}\n"
                   "    kind: agent\n    tenant: beta\n");
  }
  base::FakeClock clock_{absl::Now()};
};

TEST_F(CertificatePolicyTest, RevocationThenClassesThenPins) {
  WriteClasses(pki_.Pin("agent-1"));
  CAM_ASSERT_OK_AND_ASSIGN(auto classes,
                           ClientClassesFile::Open(pki_.Path("classes.yaml"), "cam.local"));
  CAM_ASSERT_OK_AND_ASSIGN(auto crl,
                           RevocationListFile::Open(pki_.Path("ca-crl.pem"), pki_.Path("ca.pem")));
  CertificatePolicy policy(std::move(classes), std::move(crl), &clock_);

  CAM_ASSERT_OK_AND_ASSIGN(std::optional<envelope::Principal> one,
                           policy.Map(pki_.Cert("agent-1")));
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->id, "agent-1");
  EXPECT_EQ(one->tenant, "alpha");
  EXPECT_EQ(one->factors, std::vector<std::string>{"mtls"});
  EXPECT_THAT(policy.Map(pki_.Cert("agent-2")), HasReason("CAM_AUTH_CLIENT_CERT_REVOKED"));

  // agent-1 re-issued with a new key: same identity, but the key is not pinned.
  pki_.MakeLeaf("ca", "agent-1b", "agent-1", "spiffe://cam.local/agent/agent-1", "0b01");
  absl::StatusOr<std::optional<envelope::Principal>> unpinned = policy.Map(pki_.Cert("agent-1b"));
  EXPECT_THAT(unpinned, HasReason("CAM_AUTH_CLIENT_CERT_INVALID"));
  EXPECT_THAT(std::string(unpinned.status().message()), HasSubstr("not pinned"));
  // Re-issued with the same key: pins name keys, so it still passes.
  pki_.MakeLeaf("ca", "agent-1c", "agent-1", "spiffe://cam.local/agent/agent-1", "0c01",
                /*reuse_key=*/"agent-1");
  EXPECT_THAT(policy.Map(pki_.Cert("agent-1c")), IsOk());
}

TEST_F(CertificatePolicyTest, CrlOnlyLeavesMappingToTheStage) {
  CAM_ASSERT_OK_AND_ASSIGN(auto crl,
                           RevocationListFile::Open(pki_.Path("ca-crl.pem"), pki_.Path("ca.pem")));
  CertificatePolicy policy(nullptr, std::move(crl), &clock_);
  CAM_ASSERT_OK_AND_ASSIGN(std::optional<envelope::Principal> mapped,
                           policy.Map(pki_.Cert("agent-1")));
  EXPECT_FALSE(mapped.has_value());
  EXPECT_THAT(policy.Map(pki_.Cert("agent-2")), HasReason("CAM_AUTH_CLIENT_CERT_REVOKED"));
  envelope::PeerCertificate unreadable = pki_.Cert("agent-1");
  unreadable.serial_hex.clear();
  EXPECT_THAT(policy.Map(unreadable), HasReason("CAM_AUTH_CLIENT_CERT_INVALID"));
}

TEST_F(CertificatePolicyTest, ReloadedCrlCutsOffOnTheNextCallAfterTheInterval) {
  pki_.Run("cp ca-crl.pem crl.pem");
  CAM_ASSERT_OK_AND_ASSIGN(auto crl,
                           RevocationListFile::Open(pki_.Path("crl.pem"), pki_.Path("ca.pem")));
  std::vector<std::string> reports;
  CertificatePolicy policy(
      nullptr, std::move(crl), &clock_,
      {.refresh_interval = absl::Seconds(5),
       .on_reload_error = [&reports](std::string_view file, const absl::Status& status) {
         reports.push_back(std::string(file) + ": " + std::string(status.message()));
       }});
  EXPECT_THAT(policy.Map(pki_.Cert("agent-1")), IsOk());
  pki_.Revoke("ca", "agent-1");
  pki_.MakeCrl("ca", "next.pem");
  pki_.Run("mv next.pem crl.pem");
  clock_.Advance(absl::Seconds(1));
  EXPECT_THAT(policy.Map(pki_.Cert("agent-1")), IsOk());  // not looked at yet
  clock_.Advance(absl::Seconds(5));
  EXPECT_THAT(policy.Map(pki_.Cert("agent-1")), HasReason("CAM_AUTH_CLIENT_CERT_REVOKED"));
  EXPECT_TRUE(reports.empty());

  pki_.Write("crl.pem", "garbage");
  clock_.Advance(absl::Seconds(5));
  EXPECT_THAT(policy.Map(pki_.Cert("agent-1")), HasReason("CAM_AUTH_CLIENT_CERT_REVOKED"));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_THAT(reports[0], HasSubstr("crl: "));

  // Past nextUpdate: reported once, still applied.
  clock_.Advance(absl::Hours(24 * 40));
  policy.Refresh();
  policy.Refresh();
  EXPECT_EQ(std::count_if(reports.begin(), reports.end(),
                          [](const std::string& r) { return r.find("nextUpdate") != r.npos; }),
            1);
  EXPECT_THAT(policy.Map(pki_.Cert("agent-1")), HasReason("CAM_AUTH_CLIENT_CERT_REVOKED"));
}

}  // namespace
}  // namespace cam::identity
