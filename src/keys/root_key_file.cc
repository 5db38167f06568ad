#include "keys/root_key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/random.h"

namespace cam::keys {
namespace {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

bool ReadExactly(int fd, uint8_t* out, size_t size) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, out + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool WriteExactly(int fd, const uint8_t* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(fd, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

absl::StatusOr<base::SecureBuffer> LoadOrCreateRootKeyFile(const std::string& path) {
  base::SecureBuffer key(kRootKeyBytes);
  FileDescriptor existing(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (existing.get() >= 0) {
    struct stat info {};
    if (::fstat(existing.get(), &info) != 0 || !S_ISREG(info.st_mode) ||
        info.st_size != static_cast<off_t>(kRootKeyBytes)) {
      return absl::FailedPreconditionError("root key file has the wrong size or type");
    }
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
      return absl::FailedPreconditionError("root key file is accessible to group or others");
    }
    if (!ReadExactly(existing.get(), key.data(), key.size())) {
      return absl::UnavailableError("cannot read root key file");
    }
    return key;
  }
  if (errno != ENOENT) return absl::UnavailableError("cannot open root key file");
  base::FillRandom(key.span());
  FileDescriptor created(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (created.get() < 0) return absl::UnavailableError("cannot create root key file");
  if (!WriteExactly(created.get(), key.data(), key.size()) || ::fsync(created.get()) != 0) {
    ::unlink(path.c_str());
    return absl::UnavailableError("cannot write root key file");
  }
  return key;
}

}  // namespace cam::keys
