// File: identity/revocation_list.h
// RevocationList: the client certificates revoked by CRLs (RFC 5280 section 5) from a file
// (`tls.crl_file`: PEM, possibly several CRLs concatenated, or one DER CRL). Every CRL must be
// signed by a CA certificate of `tls.client_ca_file`; a CRL from anyone else is an error at load,
// never silently ignored. RevocationListFile reloads the file when it (or the CA file) changes,
// keeping the last good list when a reload fails.
//
// A CRL past its nextUpdate keeps being applied: an old list of revoked certificates is still
// true about them, and dropping it would re-admit them. stale() lets callers report it.
// Delta CRLs and indirect CRLs (entries naming another issuer) are refused at load.
#ifndef CAM_IDENTITY_REVOCATION_LIST_H_
#define CAM_IDENTITY_REVOCATION_LIST_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "identity/file_watch.h"
#include "identity/last_good.h"

namespace cam::identity {

class RevocationList {
 public:
  static constexpr size_t kMaxFileBytes = 64 << 20;

  // Parse reads the CRLs in `crl_file_content` and verifies each one's signature against the
  // CA certificates (PEM) in `ca_pem`. Errors are InvalidArgument, prefixed "crl: ".
  static absl::StatusOr<RevocationList> Parse(std::string_view crl_file_content,
                                              std::string_view ca_pem);

  // IsRevoked: `issuer_der` is the DER issuer Name of the certificate and `serial_hex` its
  // serial number in hex (any case, leading zeros ignored), as envelope::PeerCertificate has them.
  bool IsRevoked(std::string_view issuer_der, std::string_view serial_hex) const;

  // stale: some CRL's nextUpdate is before `now` (the issuer should have published a new one).
  bool stale(absl::Time now) const { return earliest_next_update_ < now; }
  // The earliest nextUpdate over all CRLs (InfiniteFuture when none has one).
  absl::Time next_update() const { return earliest_next_update_; }
  size_t crl_count() const { return crl_count_; }
  size_t revoked_count() const { return revoked_.size(); }

 private:
  RevocationList() = default;

  // (issuer DER, normalized serial hex)
  std::set<std::pair<std::string, std::string>, std::less<>> revoked_;
  absl::Time earliest_next_update_ = absl::InfiniteFuture();
  size_t crl_count_ = 0;
};

// RevocationListFile keeps the RevocationList of a CRL file current. Thread-safe: Current() may
// run concurrently with Refresh().
class RevocationListFile {
 public:
  // Open loads both files; any failure is an error (no last good list yet).
  static absl::StatusOr<std::unique_ptr<RevocationListFile>> Open(std::filesystem::path crl_file,
                                                                  std::filesystem::path ca_file);

  std::shared_ptr<const RevocationList> Current() const { return state_.Current(); }

  // Refresh re-reads the files if either changed. Returns true when a new list was installed,
  // false when nothing changed, and an error when a file could not be read or a CRL was
  // rejected: the previous list stays in use and last_error() keeps the failure until a later
  // reload succeeds.
  absl::StatusOr<bool> Refresh() { return state_.Refresh(); }
  absl::Status last_error() const { return state_.last_error(); }
  uint64_t reload_count() const { return state_.reload_count(); }

 private:
  RevocationListFile(std::filesystem::path crl_file, std::filesystem::path ca_file)
      : crl_watch_(std::move(crl_file), RevocationList::kMaxFileBytes),
        ca_watch_(std::move(ca_file), RevocationList::kMaxFileBytes),
        state_([this](bool force) { return Load(force); }) {}
  absl::StatusOr<std::optional<RevocationList>> Load(bool force);

  // Used only by Load, which state_ serializes.
  FileWatch crl_watch_;
  FileWatch ca_watch_;
  LastGood<RevocationList> state_;
};

}  // namespace cam::identity

#endif  // CAM_IDENTITY_REVOCATION_LIST_H_
