// File: identity/certificate_policy.h
// CertificatePolicy: the envelope's CertificateMapper over the identity layer: a CRL
// (RevocationListFile) and client classes (ClientClassesFile), either of which may be absent.
// Map checks revocation first (CAM_AUTH_CLIENT_CERT_REVOKED), then resolves the class (kind,
// tenant, pins; CAM_AUTH_CLIENT_CERT_INVALID). Without classes it returns nullopt and the
// authenticate stage applies its built-in mapping.
//
// Both files are re-checked for changes from Map itself, at most once per `refresh_interval`,
// so a new CRL takes effect on the next calls of every connection without a timer thread; a
// reload that fails keeps the last good files (and is reported through on_reload_error).
#ifndef CAM_IDENTITY_CERTIFICATE_POLICY_H_
#define CAM_IDENTITY_CERTIFICATE_POLICY_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "envelope/certificate_mapper.h"
#include "identity/client_classes.h"
#include "identity/revocation_list.h"

namespace cam::identity {

struct CertificatePolicyConfig {
  // How often Map looks at the files for changes. Default 5 s: cheap (one stat each) and short
  // enough that a revocation takes effect quickly. Zero: on every call (tests).
  absl::Duration refresh_interval = absl::Seconds(5);
  // Told, without secrets, when a reload fails ("client classes" or "crl", the error) or when
  // the CRL is past its nextUpdate ("crl", FailedPrecondition). May be empty.
  std::function<void(std::string_view file, const absl::Status&)> on_reload_error;
};

class CertificatePolicy final : public envelope::CertificateMapper {
 public:
  // Either file may be null (not configured); `clock` must outlive this object.
  CertificatePolicy(std::unique_ptr<ClientClassesFile> classes,
                    std::unique_ptr<RevocationListFile> revocations, const base::Clock* clock,
                    CertificatePolicyConfig config = {})
      : classes_(std::move(classes)),
        revocations_(std::move(revocations)),
        clock_(clock),
        config_(std::move(config)) {}

  absl::StatusOr<std::optional<envelope::Principal>> Map(
      const envelope::PeerCertificate& cert) const override;

  // Refresh looks at both files now (also what Map does periodically).
  void Refresh() const;

  const ClientClassesFile* classes() const { return classes_.get(); }
  const RevocationListFile* revocations() const { return revocations_.get(); }

 private:
  void MaybeRefresh() const;

  const std::unique_ptr<ClientClassesFile> classes_;
  const std::unique_ptr<RevocationListFile> revocations_;
  const base::Clock* clock_;
  const CertificatePolicyConfig config_;

  // When the files are next due for a look (Unix ns); the first call always looks.
  mutable std::atomic<int64_t> next_refresh_ns_{std::numeric_limits<int64_t>::min()};
  mutable absl::Mutex refresh_mu_;
  mutable bool stale_reported_ ABSL_GUARDED_BY(refresh_mu_) = false;
};

}  // namespace cam::identity

#endif  // CAM_IDENTITY_CERTIFICATE_POLICY_H_
