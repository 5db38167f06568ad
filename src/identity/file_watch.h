// File: identity/file_watch.h
// FileWatch: reads a configuration file again only when it changed (device, inode, size, mtime;
// content hash for rewrites too recent to trust the mtime). Shared by the reloadable files:
// JWKS, client classes, CRL.
#ifndef CAM_IDENTITY_FILE_WATCH_H_
#define CAM_IDENTITY_FILE_WATCH_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "crypto/primitives/sha2.h"

namespace cam::identity {

// Not thread-safe: the owner serializes calls.
class FileWatch {
 public:
  FileWatch(std::filesystem::path path, size_t max_bytes)
      : path_(std::move(path)), max_bytes_(max_bytes) {}

  // ReadIfChanged returns the content when the file changed since the last Commit() (always when
  // `force`), nullopt when it did not, or an error when it cannot be read or is too large. The
  // caller parses the content and calls Commit() only when it was accepted, so a broken file
  // keeps being re-read (and reported) until it is fixed.
  absl::StatusOr<std::optional<std::string>> ReadIfChanged(bool force);
  void Commit();

  const std::filesystem::path& path() const { return path_; }

 private:
  struct Stamp {
    uint64_t device = 0;
    uint64_t inode = 0;
    int64_t size = -1;
    int64_t mtime_ns = 0;
    bool operator==(const Stamp&) const = default;
  };

  const std::filesystem::path path_;
  const size_t max_bytes_;
  Stamp committed_stamp_;
  crypto::Sha256Digest committed_hash_{};
  Stamp pending_stamp_;
  crypto::Sha256Digest pending_hash_{};
};

}  // namespace cam::identity

#endif  // CAM_IDENTITY_FILE_WATCH_H_
