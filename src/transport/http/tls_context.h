// File: transport/http/tls_context.h
// MakeServerTlsContext: the gateway's OpenSSL context. TLS 1.3 only; the client must present a
// certificate that chains to the configured CA, or the handshake fails. Internal to
// transport/http (it exposes Boost.Asio's ssl::context).
#ifndef CAM_TRANSPORT_HTTP_TLS_CONTEXT_H_
#define CAM_TRANSPORT_HTTP_TLS_CONTEXT_H_

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace cam::transport::http {

struct TlsFiles {
  std::string cert_file;       // server chain, PEM
  std::string key_file;        // server key, PEM
  std::string client_ca_file;  // trust anchor(s) for client certificates, PEM
};

absl::StatusOr<std::unique_ptr<boost::asio::ssl::context>> MakeServerTlsContext(
    const TlsFiles& files);

}  // namespace cam::transport::http

#endif  // CAM_TRANSPORT_HTTP_TLS_CONTEXT_H_
