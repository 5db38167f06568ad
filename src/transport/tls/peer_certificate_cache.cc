#include "transport/tls/peer_certificate_cache.h"

#include "transport/tls/peer_certificate.h"

namespace cam::transport {

envelope::PeerCertificate PeerCertificateCache::Get(std::string_view pem) {
  const absl::string_view key(pem.data(), pem.size());
  {
    std::lock_guard lock(mu_);
    if (auto it = parsed_.find(key); it != parsed_.end()) return it->second;
  }
  // Parse outside the lock: two calls racing on a new certificate both parse, which is harmless.
  envelope::PeerCertificate parsed = PeerCertificateFromPem(pem, /*verified=*/true);
  std::lock_guard lock(mu_);
  if (parsed_.size() >= capacity_) parsed_.clear();
  parsed_.emplace(std::string(pem), parsed);
  return parsed;
}

size_t PeerCertificateCache::size() const {
  std::lock_guard lock(mu_);
  return parsed_.size();
}

}  // namespace cam::transport
