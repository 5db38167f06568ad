#include "identity/jwks_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace cam::identity {
namespace {

// A file modified this recently may be rewritten again within the same mtime tick without its
// stamp changing, so its content is compared even when the stamp matches.
constexpr int64_t kRacyWindowNs = 2'000'000'000;

}  // namespace

absl::StatusOr<std::unique_ptr<JwksFile>> JwksFile::Open(std::filesystem::path path,
                                                         JwkSetLimits limits) {
  std::unique_ptr<JwksFile> file(new JwksFile(std::move(path), limits));
  absl::MutexLock lock(&file->reload_mu_);
  absl::StatusOr<bool> loaded = file->Load(/*force=*/true);
  if (!loaded.ok()) return loaded.status();
  return file;
}

std::shared_ptr<const JwkSet> JwksFile::Current() const {
  absl::MutexLock lock(&mu_);
  return current_;
}

absl::Status JwksFile::last_error() const {
  absl::MutexLock lock(&mu_);
  return last_error_;
}

uint64_t JwksFile::reload_count() const {
  absl::MutexLock lock(&mu_);
  return reload_count_;
}

absl::StatusOr<bool> JwksFile::Refresh() {
  absl::MutexLock lock(&reload_mu_);
  absl::StatusOr<bool> result = Load(/*force=*/false);
  absl::MutexLock state_lock(&mu_);
  last_error_ = result.ok() ? absl::OkStatus() : result.status();
  return result;
}

absl::StatusOr<bool> JwksFile::Load(bool force) {
  // Open once and fstat the descriptor, so the stamp and the content describe the same file
  // even if it is being replaced by rename.
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat("jwks: cannot open file (errno ", errno, ")"));
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};

  struct stat st {};
  if (::fstat(fd, &st) != 0) return absl::UnavailableError("jwks: cannot stat file");
  if (!S_ISREG(st.st_mode)) return absl::InvalidArgumentError("jwks: not a regular file");
  const FileStamp stamp{
      .device = static_cast<uint64_t>(st.st_dev),
      .inode = static_cast<uint64_t>(st.st_ino),
      .size = static_cast<int64_t>(st.st_size),
      .mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
  const int64_t now_ns = absl::ToUnixNanos(absl::Now());
  const bool racy = now_ns - stamp.mtime_ns < kRacyWindowNs;
  if (!force && stamp == stamp_ && !racy) return false;
  if (static_cast<uint64_t>(st.st_size) > limits_.max_document_bytes) {
    return absl::InvalidArgumentError("jwks: file too large");
  }

  std::string content;
  content.resize(static_cast<size_t>(st.st_size) + 1);
  size_t got = 0;
  while (got < content.size()) {
    const ssize_t n = ::read(fd, content.data() + got, content.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError("jwks: read failed");
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  if (got > limits_.max_document_bytes) return absl::InvalidArgumentError("jwks: file too large");
  content.resize(got);

  absl::StatusOr<crypto::Sha256Digest> hash = crypto::Sha256(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(content.data()), content.size()));
  if (!hash.ok()) return hash.status();
  if (!force && *hash == content_hash_) {
    stamp_ = stamp;
    return false;
  }
  absl::StatusOr<JwkSet> set = JwkSet::Parse(content, limits_);
  if (!set.ok()) return set.status();
  stamp_ = stamp;
  content_hash_ = *hash;
  auto installed = std::make_shared<const JwkSet>(*std::move(set));
  absl::MutexLock lock(&mu_);
  current_ = std::move(installed);
  ++reload_count_;
  return true;
}

}  // namespace cam::identity
