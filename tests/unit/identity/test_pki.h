// File: tests/unit/identity/test_pki.h
// TestPki: a throwaway CA, client certificates and CRLs made with the openssl command line in a
// temporary directory, for the client-certificate policy tests.
#ifndef CAM_TESTS_UNIT_IDENTITY_TEST_PKI_H_
#define CAM_TESTS_UNIT_IDENTITY_TEST_PKI_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "envelope/call.h"
#include "transport/tls/peer_certificate.h"

namespace cam::identity::testing {

class TestPki {
 public:
  TestPki() {
    dir_ = std::filesystem::temp_directory_path() /
           ("cam-pki-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Write("req.cnf",
          "[req]\ndistinguished_name = dn\nx509_extensions = v3_ca\nprompt = no\n[dn]\nCN = x\n"
          "[v3_ca]\nbasicConstraints = critical,CA:TRUE\n"
          "keyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n");
  }
  ~TestPki() { std::filesystem::remove_all(dir_); }
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary | std::ios::trunc) << text;
  }
  std::string Read(const std::string& name) const {
    std::ifstream in(dir_ / name, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // Runs a shell command in the PKI directory; fails the test if it fails.
  void Run(const std::string& command) const {
    const std::string full = "cd '" + dir_.string() + "' && (" + command + ") >/dev/null 2>&1";
    ASSERT_EQ(std::system(full.c_str()), 0) << command;
  }

  // MakeCa writes <name>.pem and <name>-key.pem (EC P-256, CA with cRLSign).
  void MakeCa(const std::string& name, const std::string& cn) const {
    Run("openssl req -x509 -new -config req.cnf -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
        "-nodes -keyout " +
        name + "-key.pem -out " + name + ".pem -subj '/CN=" + cn + "' -days 2");
    Write(name + "-index.txt", "");
    Write(name + "-ca.cnf", "[ca]\ndefault_ca = d\n[d]\ndatabase = " + name +
                                "-index.txt\ndefault_md = sha256\ndefault_crl_days = 30\n");
  }

  // MakeLeaf writes <name>.pem and <name>-key.pem issued by `ca` with `serial` (hex).
  void MakeLeaf(const std::string& ca, const std::string& name, const std::string& cn,
                const std::string& uri_san, const std::string& serial_hex,
                const std::string& reuse_key = "") const {
    std::string ext = "extendedKeyUsage=clientAuth\n";
    if (!uri_san.empty()) ext += "subjectAltName=URI:" + uri_san + "\n";
    Write(name + ".ext", ext);
    const std::string key =
        reuse_key.empty()
            ? "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + name + "-key.pem"
            : "-key " + reuse_key + "-key.pem";
    Run("openssl req -new -config req.cnf " + key + " -subj '/CN=" + cn + "' -out " + name +
        ".csr");
    Run("openssl x509 -req -in " + name + ".csr -CA " + ca + ".pem -CAkey " + ca +
        "-key.pem -set_serial 0x" + serial_hex + " -days 1 -extfile " + name + ".ext -out " + name +
        ".pem");
  }

  // Revoke records `leaf` as revoked by `ca`; MakeCrl writes the CRL (PEM) to `out`.
  void Revoke(const std::string& ca, const std::string& leaf) const {
    Run("openssl ca -config " + ca + "-ca.cnf -keyfile " + ca + "-key.pem -cert " + ca +
        ".pem -revoke " + leaf + ".pem");
  }
  void MakeCrl(const std::string& ca, const std::string& out) const {
    Run("openssl ca -config " + ca + "-ca.cnf -keyfile " + ca + "-key.pem -cert " + ca +
        ".pem -gencrl -out " + out);
  }

  // Pin is the RFC 7469 pin-sha256 of the certificate's key (base64 of SHA-256 of DER SPKI).
  std::string Pin(const std::string& leaf) const {
    Run("openssl x509 -in " + leaf +
        ".pem -pubkey -noout | openssl pkey -pubin -outform der "
        "| openssl dgst -sha256 -binary | openssl base64 -A > " +
        leaf + ".pin");
    std::string pin = Read(leaf + ".pin");
    while (!pin.empty() && (pin.back() == '\n' || pin.back() == '\r')) pin.pop_back();
    return pin;
  }

  // Cert describes `leaf` the way the transports do after a verified handshake.
  envelope::PeerCertificate Cert(const std::string& leaf) const {
    return transport::PeerCertificateFromPem(Read(leaf + ".pem"), /*verified=*/true);
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace cam::identity::testing

#endif  // CAM_TESTS_UNIT_IDENTITY_TEST_PKI_H_
