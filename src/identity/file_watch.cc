#include "identity/file_watch.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <span>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace cam::identity {
namespace {

// A file modified this recently may be rewritten again within the same mtime tick without its
// stamp changing, so its content is compared even when the stamp matches.
constexpr int64_t kRacyWindowNs = 2'000'000'000;

}  // namespace

absl::StatusOr<std::optional<std::string>> FileWatch::ReadIfChanged(bool force) {
  const std::string name = path_.filename().string();
  // Open once and fstat the descriptor, so the stamp and the content describe the same file
  // even while it is being replaced by rename.
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat(name, ": cannot open (errno ", errno, ")"));
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return absl::UnavailableError(name + ": cannot stat");
  if (!S_ISREG(st.st_mode)) return absl::InvalidArgumentError(name + ": not a regular file");
  const Stamp stamp{
      .device = static_cast<uint64_t>(st.st_dev),
      .inode = static_cast<uint64_t>(st.st_ino),
      .size = static_cast<int64_t>(st.st_size),
      .mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
  const bool racy = absl::ToUnixNanos(absl::Now()) - stamp.mtime_ns < kRacyWindowNs;
  if (!force && stamp == committed_stamp_ && !racy) return std::nullopt;
  if (static_cast<uint64_t>(st.st_size) > max_bytes_) {
    return absl::InvalidArgumentError(name + ": file too large");
  }
  std::string content(static_cast<size_t>(st.st_size) + 1, '\0');
  size_t got = 0;
  while (got < content.size()) {
    const ssize_t n = ::read(fd, content.data() + got, content.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(name + ": read failed");
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  if (got > max_bytes_) return absl::InvalidArgumentError(name + ": file too large");
  content.resize(got);
  absl::StatusOr<crypto::Sha256Digest> hash = crypto::Sha256(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(content.data()), content.size()));
  if (!hash.ok()) return hash.status();
  if (!force && *hash == committed_hash_) {
    committed_stamp_ = stamp;
    return std::nullopt;
  }
  pending_stamp_ = stamp;
  pending_hash_ = *hash;
  return content;
}

void FileWatch::Commit() {
  committed_stamp_ = pending_stamp_;
  committed_hash_ = pending_hash_;
}

}  // namespace cam::identity
