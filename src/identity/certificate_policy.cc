#include "identity/certificate_policy.h"

#include <limits>

#include "base/reasons.h"

namespace cam::identity {

void CertificatePolicy::Refresh() const {
  if (classes_ != nullptr) {
    absl::StatusOr<bool> reloaded = classes_->Refresh();
    if (!reloaded.ok() && config_.on_reload_error) {
      config_.on_reload_error("client classes", reloaded.status());
    }
  }
  if (revocations_ != nullptr) {
    absl::StatusOr<bool> reloaded = revocations_->Refresh();
    if (!reloaded.ok() && config_.on_reload_error)
      config_.on_reload_error("crl", reloaded.status());
    const bool stale = revocations_->Current()->stale(clock_->Now());
    bool report = false;
    {
      // Said once when the list goes stale, not on every look at the file.
      absl::MutexLock lock(&refresh_mu_);
      report = stale && !stale_reported_;
      stale_reported_ = stale;
    }
    if (report && config_.on_reload_error) {
      config_.on_reload_error(
          "crl", absl::FailedPreconditionError("crl: past its nextUpdate, still applied"));
    }
  }
}

void CertificatePolicy::MaybeRefresh() const {
  // Every authenticated call passes here: the common case is one atomic load, no lock. The
  // compare-exchange lets exactly one caller per interval do the (rare) look at the files.
  const int64_t now_ns = absl::ToUnixNanos(clock_->Now());
  int64_t due_ns = next_refresh_ns_.load(std::memory_order_relaxed);
  if (now_ns < due_ns) return;
  const int64_t interval_ns = absl::ToInt64Nanoseconds(config_.refresh_interval);
  const int64_t next_ns = interval_ns > std::numeric_limits<int64_t>::max() - now_ns
                              ? std::numeric_limits<int64_t>::max()
                              : now_ns + interval_ns;
  if (!next_refresh_ns_.compare_exchange_strong(due_ns, next_ns, std::memory_order_relaxed)) {
    return;  // another call is refreshing
  }
  Refresh();
}

absl::StatusOr<std::optional<envelope::Principal>> CertificatePolicy::Map(
    const envelope::PeerCertificate& cert) const {
  MaybeRefresh();
  if (revocations_ != nullptr) {
    // Fail closed: a certificate whose CRL key cannot be read cannot be shown not revoked.
    if (cert.issuer_der.empty() || cert.serial_hex.empty()) {
      return base::Error(base::Reason::kAuthClientCertInvalid, "certificate serial unreadable");
    }
    if (revocations_->Current()->IsRevoked(cert.issuer_der, cert.serial_hex)) {
      return base::Error(base::Reason::kAuthClientCertRevoked, "client certificate revoked");
    }
  }
  if (classes_ == nullptr) return std::nullopt;
  absl::StatusOr<CertificateIdentity> identity = classes_->Current()->Resolve(cert);
  if (!identity.ok()) return identity.status();
  return envelope::Principal{.id = std::move(identity->id),
                             .kind = identity->kind,
                             .tenant = std::move(identity->tenant),
                             .scopes = {},
                             .factors = {"mtls"}};
}

}  // namespace cam::identity
