#include "transport/tls/tls13_only.h"

#include <openssl/bio.h>
#include <openssl/conf.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstring>
#include <memory>

namespace cam::transport {
namespace {

constexpr char kTls13OnlyConfig[] =
    "cam_openssl_conf = cam_init\n"
    "[cam_init]\n"
    "ssl_conf = cam_ssl\n"
    "[cam_ssl]\n"
    "system_default = cam_tls\n"
    "[cam_tls]\n"
    "MinProtocol = TLSv1.3\n"
    "Protocol = -ALL, TLSv1.3\n";

}  // namespace

absl::Status RestrictProcessToTls13() {
  OPENSSL_init_ssl(0, nullptr);
  std::unique_ptr<CONF, decltype(&NCONF_free)> conf(NCONF_new(nullptr), &NCONF_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(kTls13OnlyConfig, static_cast<int>(std::strlen(kTls13OnlyConfig))), &BIO_free);
  if (!conf || !bio) return absl::InternalError("cannot allocate OpenSSL configuration");
  long error_line = 0;
  if (NCONF_load_bio(conf.get(), bio.get(), &error_line) <= 0 ||
      CONF_modules_load(conf.get(), "cam_openssl_conf", 0) <= 0) {
    ERR_clear_error();
    return absl::InternalError("cannot load the TLS 1.3-only configuration");
  }
  // Verify it took effect rather than trusting it: a fresh context must refuse TLS 1.2.
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> probe(SSL_CTX_new(TLS_method()), &SSL_CTX_free);
  if (!probe || (SSL_CTX_get_options(probe.get()) & SSL_OP_NO_TLSv1_2) == 0) {
    return absl::InternalError("TLS 1.3-only configuration did not apply");
  }
  return absl::OkStatus();
}

}  // namespace cam::transport
