// The certificate facts that pins, revocation and bound tokens rely on must match what the
// openssl command line says about the same file (an independent parser).
#include "transport/tls/peer_certificate.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"
#include "base/hex.h"
#include "tests/testing/file_text.h"
#include "tests/unit/transport/http/test_pki.h"

namespace cam::transport {
namespace {

using ::cam::testing::ReadFile;

// Runs a shell pipeline and returns its stdout, trimmed.
std::string Shell(const std::string& command) {
  std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(command.c_str(), "r"), &pclose);
  if (pipe == nullptr) return "";
  std::string out;
  std::array<char, 256> chunk;
  while (fgets(chunk.data(), chunk.size(), pipe.get()) != nullptr) out += chunk.data();
  return std::string(absl::StripAsciiWhitespace(out));
}

std::string HexOf(const std::string& bytes) {
  return base::HexEncode(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

TEST(PeerCertificateTest, DigestsSerialAndExpiryMatchOpenssl) {
  http::testing::TestPki pki;
  ASSERT_TRUE(pki.ok());
  const std::string path = pki.client_cert();
  const envelope::PeerCertificate cert = PeerCertificateFromPem(ReadFile(path), true);
  ASSERT_TRUE(cert.present);

  // "SHA256 Fingerprint=AB:CD:..." -> "abcd..."
  std::string fingerprint = Shell("openssl x509 -noout -fingerprint -sha256 -in " + path);
  fingerprint = fingerprint.substr(fingerprint.find('=') + 1);
  fingerprint = absl::AsciiStrToLower(absl::StrReplaceAll(fingerprint, {{":", ""}}));
  EXPECT_EQ(HexOf(cert.der_sha256), fingerprint);

  const std::string spki = Shell("openssl x509 -noout -pubkey -in " + path +
                                 " | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r");
  EXPECT_EQ(HexOf(cert.spki_sha256), spki.substr(0, spki.find(' ')));

  std::string serial = Shell("openssl x509 -noout -serial -in " + path);  // "serial=0A1B..."
  serial = absl::AsciiStrToLower(serial.substr(serial.find('=') + 1));
  while (serial.size() > 1 && serial[0] == '0') serial.erase(0, 1);
  EXPECT_EQ(cert.serial_hex, serial);

  const std::string end =
      Shell("date -u -d \"$(openssl x509 -noout -enddate -in " + path + " | cut -d= -f2)\" +%s");
  EXPECT_EQ(absl::ToUnixSeconds(cert.not_after), std::stoll(end));
  EXPECT_FALSE(cert.issuer_der.empty());
}

// Random serials start with a zero digit one time in eight; the canonical form must not depend
// on that, or a CRL entry written as the number would miss the certificate.
TEST(PeerCertificateTest, SerialHasNoLeadingZeroDigits) {
  http::testing::TestPki pki;
  ASSERT_TRUE(pki.ok());
  const std::string path = pki.Path("fixed-serial.pem");
  Shell("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " +
        pki.Path("fixed-serial.key") + " -out " + path +
        " -subj /CN=fixed -days 1 -set_serial 0x0a0b 2>/dev/null");
  const envelope::PeerCertificate cert = PeerCertificateFromPem(ReadFile(path), true);
  ASSERT_TRUE(cert.present);
  EXPECT_EQ(Shell("openssl x509 -noout -serial -in " + path), "serial=0A0B");
  EXPECT_EQ(cert.serial_hex, "a0b");
}

TEST(PeerCertificateTest, DistinctKeysHaveDistinctSpkiDigests) {
  http::testing::TestPki pki;
  ASSERT_TRUE(pki.ok());
  const envelope::PeerCertificate client =
      PeerCertificateFromPem(ReadFile(pki.client_cert()), true);
  const envelope::PeerCertificate rogue = PeerCertificateFromPem(ReadFile(pki.rogue_cert()), true);
  EXPECT_EQ(client.spki_sha256.size(), 32u);
  EXPECT_NE(client.spki_sha256, rogue.spki_sha256);
  EXPECT_NE(client.der_sha256, rogue.der_sha256);
}

}  // namespace
}  // namespace cam::transport
