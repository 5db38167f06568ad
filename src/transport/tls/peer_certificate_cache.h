// File: transport/tls/peer_certificate_cache.h
// PeerCertificateCache: parsed client certificates, keyed by their PEM bytes. gRPC hands the
// transport the peer's certificate as PEM on every call; parsing it with OpenSSL 3 costs more than
// the rest of a read (provider decoder look-ups under a global lock), and a connection presents
// the same certificate for its whole life. The chain was verified by the TLS handshake, so caching
// the parsed facts changes nothing about what is trusted.
#ifndef CAM_TRANSPORT_TLS_PEER_CERTIFICATE_CACHE_H_
#define CAM_TRANSPORT_TLS_PEER_CERTIFICATE_CACHE_H_

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "envelope/call.h"

namespace cam::transport {

class PeerCertificateCache {
 public:
  // At most `capacity` certificates are kept; when full, the cache starts over, so a flood of
  // distinct certificates costs parsing, never memory.
  explicit PeerCertificateCache(size_t capacity = 4096) : capacity_(capacity) {}

  // Get returns the facts of `pem` as a certificate verified by the TLS layer.
  envelope::PeerCertificate Get(std::string_view pem);

  size_t size() const;

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  absl::flat_hash_map<std::string, envelope::PeerCertificate> parsed_;
};

}  // namespace cam::transport

#endif  // CAM_TRANSPORT_TLS_PEER_CERTIFICATE_CACHE_H_
