// File: identity/jwks_file.h
// JwksFile: a JwkSetSource backed by a JWK Set file on disk, reloaded by Refresh() when the file
// changes, keeping the last good set when a reload fails.
#ifndef CAM_IDENTITY_JWKS_FILE_H_
#define CAM_IDENTITY_JWKS_FILE_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "identity/file_watch.h"
#include "identity/jwk_set.h"
#include "identity/last_good.h"

namespace cam::identity {

// Thread-safe: Current() may run concurrently with Refresh() from a reload timer; readers keep
// using the set they obtained while a new one is swapped in.
class JwksFile final : public JwkSetSource {
 public:
  // Open loads `path`; a file that is missing or invalid at startup is an error (there is no
  // last good set to fall back on).
  static absl::StatusOr<std::unique_ptr<JwksFile>> Open(std::filesystem::path path,
                                                        JwkSetLimits limits = {});

  std::shared_ptr<const JwkSet> Current() const override { return state_.Current(); }

  // Refresh re-reads the file if its identity (inode, size, mtime) changed, or if its mtime is
  // so recent that a same-size rewrite within the timestamp granularity could hide (then the
  // content hash decides). Returns true when a new set was installed, false when nothing
  // changed, and an error when the file could not be read or parsed; the previous set stays in
  // use and last_error() keeps the failure until a later reload succeeds.
  absl::StatusOr<bool> Refresh() { return state_.Refresh(); }

  // The failure of the most recent Refresh, or OK.
  absl::Status last_error() const { return state_.last_error(); }

  // How many times a changed file was installed (tests and metrics).
  uint64_t reload_count() const { return state_.reload_count(); }

 private:
  JwksFile(std::filesystem::path path, JwkSetLimits limits)
      : limits_(limits),
        watch_(std::move(path), limits.max_document_bytes),
        state_([this](bool force) { return Load(force); }) {}

  // Reads and parses the file when it changed; nullopt when it did not.
  absl::StatusOr<std::optional<JwkSet>> Load(bool force);

  const JwkSetLimits limits_;
  FileWatch watch_;  // used only by Load, which state_ serializes
  LastGood<JwkSet> state_;
};

}  // namespace cam::identity

#endif  // CAM_IDENTITY_JWKS_FILE_H_
