// File: identity/jwks_file.h
// JwksFile: a JwkSetSource backed by a JWK Set file on disk, reloaded by Refresh() when the file
// changes, keeping the last good set when a reload fails.
#ifndef CAM_IDENTITY_JWKS_FILE_H_
#define CAM_IDENTITY_JWKS_FILE_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "crypto/primitives/sha2.h"
#include "identity/jwk_set.h"

namespace cam::identity {

// Thread-safe: Current() may run concurrently with Refresh() from a reload timer; readers keep
// using the set they obtained while a new one is swapped in.
class JwksFile final : public JwkSetSource {
 public:
  // Open loads `path`; a file that is missing or invalid at startup is an error (there is no
  // last good set to fall back on).
  static absl::StatusOr<std::unique_ptr<JwksFile>> Open(std::filesystem::path path,
                                                        JwkSetLimits limits = {});

  std::shared_ptr<const JwkSet> Current() const override;

  // Refresh re-reads the file if its identity (inode, size, mtime) changed, or if its mtime is
  // so recent that a same-size rewrite within the timestamp granularity could hide (then the
  // content hash decides). Returns true when a new set was installed, false when nothing
  // changed, and an error when the file could not be read or parsed; the previous set stays in
  // use and last_error() keeps the failure until a later reload succeeds.
  absl::StatusOr<bool> Refresh();

  // The failure of the most recent Refresh, or OK.
  absl::Status last_error() const;

  // How many times a changed file was installed (tests and metrics).
  uint64_t reload_count() const;

 private:
  struct FileStamp {
    uint64_t device = 0;
    uint64_t inode = 0;
    int64_t size = -1;
    int64_t mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
  };

  JwksFile(std::filesystem::path path, JwkSetLimits limits)
      : path_(std::move(path)), limits_(limits) {}

  // Reads, hashes and parses the file; installs the set when the content changed.
  absl::StatusOr<bool> Load(bool force) ABSL_EXCLUSIVE_LOCKS_REQUIRED(reload_mu_);

  const std::filesystem::path path_;
  const JwkSetLimits limits_;

  absl::Mutex reload_mu_;  // Serializes Refresh; never held while readers run.
  FileStamp stamp_ ABSL_GUARDED_BY(reload_mu_);
  crypto::Sha256Digest content_hash_ ABSL_GUARDED_BY(reload_mu_){};

  mutable absl::Mutex mu_;
  std::shared_ptr<const JwkSet> current_ ABSL_GUARDED_BY(mu_);
  absl::Status last_error_ ABSL_GUARDED_BY(mu_);
  uint64_t reload_count_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace cam::identity

#endif  // CAM_IDENTITY_JWKS_FILE_H_
