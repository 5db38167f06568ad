// camctl's real TLS path (DialTls: CA file, client certificate, server-name check against the
// host of --addr) against an in-process gRPC server with a PKI generated here.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "cli/camctl_app.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace cam::cli {
namespace {

using ::testing::HasSubstr;

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* c) const { X509_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

Key NewKey() { return Key(EVP_EC_gen("P-256")); }

void AddExt(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  ASSERT_NE(ext, nullptr);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// Issues a certificate for `key`, signed by `issuer_key` (self-signed when issuer is null).
Cert Issue(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuer_key, bool ca,
           const char* san) {
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  static long serial = 1;
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn),
                             -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  AddExt(cert.get(), signer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE");
  if (ca) AddExt(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  if (san != nullptr) AddExt(cert.get(), signer, NID_subject_alt_name, san);
  X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256());
  return cert;
}

std::string CertPem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(n));
  BIO_free(bio);
  return pem;
}

std::string KeyPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(n));
  BIO_free(bio);
  return pem;
}

std::string WriteFile(const std::string& name, const std::string& data) {
  // ctest runs each test as its own process, several at once: the pid keeps their PKIs apart.
  const std::string path =
      ::testing::TempDir() + "/camctl_tls_" + std::to_string(::getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << data;
  return path;
}

class ServingHealth final : public grpc::health::v1::Health::Service {
 public:
  grpc::Status Check(grpc::ServerContext* context, const grpc::health::v1::HealthCheckRequest*,
                     grpc::health::v1::HealthCheckResponse* response) override {
    // Reports SERVING only to a caller that presented a verified client certificate.
    response->set_status(context->auth_context()->IsPeerAuthenticated()
                             ? grpc::health::v1::HealthCheckResponse::SERVING
                             : grpc::health::v1::HealthCheckResponse::NOT_SERVING);
    return grpc::Status::OK;
  }
};

class TlsDialTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Key ca_key = NewKey();
    Cert ca = Issue(ca_key.get(), "test ca", nullptr, nullptr, true, nullptr);
    Key server_key = NewKey();
    Cert server = Issue(server_key.get(), "camd", ca.get(), ca_key.get(), false,
                        "IP:127.0.0.1,DNS:localhost");
    Key client_key = NewKey();
    Cert client = Issue(client_key.get(), "operator", ca.get(), ca_key.get(), false, nullptr);
    Key other_key = NewKey();
    Cert other_ca = Issue(other_key.get(), "other ca", nullptr, nullptr, true, nullptr);

    ca_path_ = WriteFile("ca.pem", CertPem(ca.get()));
    other_ca_path_ = WriteFile("other-ca.pem", CertPem(other_ca.get()));
    client_path_ = WriteFile("client.pem", CertPem(client.get()));
    client_key_path_ = WriteFile("client-key.pem", KeyPem(client_key.get()));
    other_key_path_ = WriteFile("other-key.pem", KeyPem(other_key.get()));

    grpc::SslServerCredentialsOptions ssl(
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    ssl.pem_root_certs = CertPem(ca.get());
    ssl.pem_key_cert_pairs.push_back({KeyPem(server_key.get()), CertPem(server.get())});
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::SslServerCredentials(ssl), &port_);
    builder.RegisterService(&health_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
    for (const std::string* path :
         {&ca_path_, &other_ca_path_, &client_path_, &client_key_path_, &other_key_path_}) {
      if (!path->empty()) std::remove(path->c_str());
    }
  }

  struct Result {
    int code;
    std::string out;
    std::string err;
  };

  Result Run(std::vector<std::string> args) {
    std::ostringstream out;
    std::ostringstream err;
    std::istringstream in;
    const CommandEnv env{.out = out,
                         .err = err,
                         .in = in,
                         .getenv = [this](std::string_view name) -> std::optional<std::string> {
                           auto it = env_.find(std::string(name));
                           if (it == env_.end()) return std::nullopt;
                           return it->second;
                         },
                         .dial = DialTls};
    const int code = RunCamctl(std::move(args), env);
    return {code, out.str(), err.str()};
  }

  void UseDevEnvironment(const std::string& host) {
    env_ = {{"CAM_ADDR", host + ":" + std::to_string(port_)},
            {"CAM_CACERT", ca_path_},
            {"CAM_CLIENT_CERT", client_path_},
            {"CAM_CLIENT_KEY", client_key_path_}};
  }

  ServingHealth health_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::map<std::string, std::string> env_;
  std::string ca_path_, other_ca_path_, client_path_, client_key_path_, other_key_path_;
};

TEST_F(TlsDialTest, MutualTlsToAnIpAddress) {
  UseDevEnvironment("127.0.0.1");
  const Result r = Run({"health"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "SERVING\n");
}

TEST_F(TlsDialTest, MutualTlsToADnsName) {
  UseDevEnvironment("localhost");
  const Result r = Run({"health"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "SERVING\n");
}

TEST_F(TlsDialTest, UntrustedServerIsNoAnswer) {
  UseDevEnvironment("127.0.0.1");
  const Result r = Run({"health", "--ca-cert", other_ca_path_, "--timeout", "5s"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("(UNAVAILABLE)"));
  EXPECT_EQ(r.out, "");
}

TEST_F(TlsDialTest, MissingClientCertificateIsRefusedByTheServer) {
  UseDevEnvironment("127.0.0.1");
  env_.erase("CAM_CLIENT_CERT");
  env_.erase("CAM_CLIENT_KEY");
  const Result r = Run({"health", "--timeout", "5s"});
  EXPECT_NE(r.code, 0);
  EXPECT_EQ(r.out, "");
}

TEST_F(TlsDialTest, KeyThatDoesNotMatchTheCertificateIsALocalError) {
  UseDevEnvironment("127.0.0.1");
  env_["CAM_CLIENT_KEY"] = other_key_path_;
  const Result r = Run({"health"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("does not match the client certificate"));
}

TEST_F(TlsDialTest, UnreadableClientKeyIsALocalError) {
  UseDevEnvironment("127.0.0.1");
  env_["CAM_CLIENT_KEY"] = "/nonexistent/key.pem";
  const Result r = Run({"health"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("/nonexistent/key.pem"));
}

}  // namespace
}  // namespace cam::cli
