#include "transport/http/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <exception>

namespace cam::transport::http {
namespace {

// OpenSSLFailure reports a startup failure with OpenSSL's queued reason (for the operator; it
// never reaches a client) and clears the queue.
absl::Status OpenSSLFailure(const std::string& what) {
  std::string detail;
  unsigned long code;
  while ((code = ERR_get_error()) != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof(buf));
    if (!detail.empty()) detail += "; ";
    detail += buf;
  }
  return absl::FailedPreconditionError("HTTP TLS: " + what + (detail.empty() ? "" : ": " + detail));
}

}  // namespace

absl::StatusOr<std::unique_ptr<boost::asio::ssl::context>> MakeServerTlsContext(
    const TlsFiles& files) {
  if (files.cert_file.empty() || files.key_file.empty() || files.client_ca_file.empty()) {
    return absl::InvalidArgumentError(
        "HTTP TLS: cert_file, key_file and client_ca_file are all required");
  }
  std::unique_ptr<boost::asio::ssl::context> context;
  try {
    context = std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
  } catch (const std::exception&) {
    return OpenSSLFailure("cannot create a context");
  }
  SSL_CTX* ctx = context->native_handle();
  ERR_clear_error();
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) != 1) {
    return OpenSSLFailure("cannot require TLS 1.3");
  }
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (SSL_CTX_use_certificate_chain_file(ctx, files.cert_file.c_str()) != 1) {
    return OpenSSLFailure("cannot load the certificate chain " + files.cert_file);
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, files.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    return OpenSSLFailure("cannot load the private key " + files.key_file);
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    return OpenSSLFailure("the private key does not match the certificate");
  }
  if (SSL_CTX_load_verify_locations(ctx, files.client_ca_file.c_str(), nullptr) != 1) {
    return OpenSSLFailure("cannot load the client CA " + files.client_ca_file);
  }
  // Advertise the acceptable issuers so clients holding several certificates pick the right one.
  STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(files.client_ca_file.c_str());
  if (names == nullptr) return OpenSSLFailure("cannot read CA names from the client CA file");
  SSL_CTX_set_client_CA_list(ctx, names);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  SSL_CTX_set_verify_depth(ctx, 8);
  // Session resumption with client authentication needs a session id context, or OpenSSL
  // refuses the resumed handshake.
  static constexpr unsigned char kSessionContext[] = "camd-http";
  SSL_CTX_set_session_id_context(ctx, kSessionContext, sizeof(kSessionContext) - 1);
  return context;
}

}  // namespace cam::transport::http
