#include "base/random.h"

#include <sys/mman.h>
#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "base/hex.h"

namespace cam::base {
namespace {

constexpr size_t kIdBytes = 16;

// A thread's unread kernel randomness for ids. It lives in a page of its own marked
// MADV_WIPEONFORK: a forked child finds the page zeroed, so `available` reads 0 and the child
// fetches fresh bytes instead of repeating the ids its parent hands out next.
class IdRandomness {
 public:
  IdRandomness() {
    // The kernel rounds both calls up to whole pages.
    void* page =
        mmap(nullptr, sizeof(Buffer), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) return;  // Take() falls back to one system call per id.
    if (madvise(page, sizeof(Buffer), MADV_WIPEONFORK) != 0) {
      munmap(page, sizeof(Buffer));
      return;
    }
    buffer_ = static_cast<Buffer*>(page);
  }
  ~IdRandomness() {
    if (buffer_ != nullptr) munmap(buffer_, sizeof(Buffer));
  }
  IdRandomness(const IdRandomness&) = delete;
  IdRandomness& operator=(const IdRandomness&) = delete;

  void Take(std::span<uint8_t, kIdBytes> out) {
    if (buffer_ == nullptr) {
      FillRandom(out);
      return;
    }
    if (buffer_->available < out.size()) {
      FillRandom(buffer_->bytes);
      buffer_->available = kBytes;
    }
    uint8_t* next = buffer_->bytes.data() + (kBytes - buffer_->available);
    std::memcpy(out.data(), next, out.size());
    // Bytes handed out do not stay behind to be read again.
    std::memset(next, 0, out.size());
    buffer_->available -= out.size();
  }

 private:
  static constexpr size_t kBytes = 256;  // getrandom costs the same for 16 bytes and for 256
  static_assert(kBytes % kIdBytes == 0);
  struct Buffer {
    size_t available;
    std::array<uint8_t, kBytes> bytes;
  };

  Buffer* buffer_ = nullptr;
};

}  // namespace

void FillRandom(std::span<uint8_t> out) {
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::abort();
    }
    done += static_cast<size_t>(n);
  }
}

std::string NewRequestId() {
  thread_local IdRandomness randomness;
  std::array<uint8_t, kIdBytes> bytes{};
  randomness.Take(bytes);
  return HexEncode(bytes);
}

}  // namespace cam::base
