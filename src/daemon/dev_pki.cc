#include "daemon/dev_pki.h"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "base/status_macros.h"

namespace cam::daemon {
namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;

PkeyPtr NewKey() { return PkeyPtr(EVP_EC_gen("P-256"), &EVP_PKEY_free); }

absl::Status AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) return absl::InternalError("cannot build certificate extension");
  const int added = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return added == 1 ? absl::OkStatus() : absl::InternalError("cannot add certificate extension");
}

struct CertSpec {
  std::string common_name;
  bool is_ca = false;
  std::string subject_alt_name;  // e.g. "DNS:localhost,IP:127.0.0.1" or "URI:spiffe://..."
  std::string extended_key_usage;
};

absl::StatusOr<X509Ptr> Issue(const CertSpec& spec, EVP_PKEY* key, X509* issuer,
                              EVP_PKEY* issuer_key) {
  X509Ptr cert(X509_new(), &X509_free);
  if (!cert) return absl::InternalError("X509_new");
  X509_set_version(cert.get(), 2);
  unsigned char serial_bytes[16];
  RAND_bytes(serial_bytes, sizeof(serial_bytes));
  serial_bytes[0] &= 0x7F;
  BIGNUM* serial = BN_bin2bn(serial_bytes, sizeof(serial_bytes), nullptr);
  BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert.get()));
  BN_free(serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60 * 60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 60L * 60 * 24 * 365);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("CAM dev PKI"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1,
                             -1, 0);
  X509* signer = issuer == nullptr ? cert.get() : issuer;
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  if (spec.is_ca) {
    CAM_RETURN_IF_ERROR(
        AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE,pathlen:0"));
    CAM_RETURN_IF_ERROR(
        AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign"));
  } else {
    CAM_RETURN_IF_ERROR(
        AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE"));
    CAM_RETURN_IF_ERROR(
        AddExtension(cert.get(), signer, NID_key_usage, "critical,digitalSignature"));
    CAM_RETURN_IF_ERROR(
        AddExtension(cert.get(), signer, NID_ext_key_usage, spec.extended_key_usage));
    CAM_RETURN_IF_ERROR(
        AddExtension(cert.get(), signer, NID_subject_alt_name, spec.subject_alt_name));
  }
  CAM_RETURN_IF_ERROR(AddExtension(cert.get(), signer, NID_subject_key_identifier, "hash"));
  if (X509_sign(cert.get(), issuer_key == nullptr ? key : issuer_key, EVP_sha256()) == 0) {
    return absl::InternalError("X509_sign");
  }
  return cert;
}

absl::Status WritePem(const std::string& path, X509* cert, EVP_PKEY* key) {
  const mode_t old_mask = ::umask(key != nullptr ? 077 : 022);
  FILE* file = std::fopen(path.c_str(), "wx");
  ::umask(old_mask);
  if (file == nullptr) return absl::UnavailableError("cannot create " + path);
  const int ok = key != nullptr
                     ? PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr)
                     : PEM_write_X509(file, cert);
  const bool closed = std::fclose(file) == 0;
  return ok == 1 && closed ? absl::OkStatus() : absl::UnavailableError("cannot write " + path);
}

}  // namespace

absl::StatusOr<DevPkiPaths> EnsureDevPki(const std::string& dir, const std::string& trust_domain) {
  DevPkiPaths paths{.ca_cert = dir + "/ca.pem",
                    .server_cert = dir + "/server.pem",
                    .server_key = dir + "/server-key.pem",
                    .operator_cert = dir + "/operator.pem",
                    .operator_key = dir + "/operator-key.pem",
                    .agent_cert = dir + "/agent.pem",
                    .agent_key = dir + "/agent-key.pem"};
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return absl::UnavailableError("cannot create " + dir);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, error);
  if (std::filesystem::exists(paths.ca_cert)) return paths;

  PkeyPtr ca_key = NewKey();
  if (!ca_key) return absl::InternalError("key generation failed");
  CAM_ASSIGN_OR_RETURN(X509Ptr ca, Issue({.common_name = "CAM dev CA", .is_ca = true}, ca_key.get(),
                                         nullptr, nullptr));
  struct Leaf {
    CertSpec spec;
    std::string cert_path;
    std::string key_path;
  };
  const Leaf leaves[] = {
      {{.common_name = "localhost",
        .subject_alt_name = "DNS:localhost,IP:127.0.0.1,IP:::1",
        .extended_key_usage = "serverAuth"},
       paths.server_cert,
       paths.server_key},
      {{.common_name = "admin",
        .subject_alt_name = "URI:spiffe://" + trust_domain + "/operator/admin",
        .extended_key_usage = "clientAuth"},
       paths.operator_cert,
       paths.operator_key},
      {{.common_name = "agent-1",
        .subject_alt_name = "URI:spiffe://" + trust_domain + "/agent/agent-1",
        .extended_key_usage = "clientAuth"},
       paths.agent_cert,
       paths.agent_key},
      {{.common_name = "agent-2",
        .subject_alt_name = "URI:spiffe://" + trust_domain + "/agent/agent-2",
        .extended_key_usage = "clientAuth"},
       dir + "/agent-2.pem",
       dir + "/agent-2-key.pem"},
  };
  for (const Leaf& leaf : leaves) {
    PkeyPtr key = NewKey();
    if (!key) return absl::InternalError("key generation failed");
    CAM_ASSIGN_OR_RETURN(X509Ptr cert, Issue(leaf.spec, key.get(), ca.get(), ca_key.get()));
    CAM_RETURN_IF_ERROR(WritePem(leaf.key_path, nullptr, key.get()));
    CAM_RETURN_IF_ERROR(WritePem(leaf.cert_path, cert.get(), nullptr));
  }
  // The CA certificate is written last: its presence marks a complete PKI. The CA key is not
  // kept, so no further certificates can be minted from a leaked dev directory.
  CAM_RETURN_IF_ERROR(WritePem(paths.ca_cert, ca.get(), nullptr));
  return paths;
}

}  // namespace cam::daemon
