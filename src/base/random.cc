#include "base/random.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdlib>

#include "base/hex.h"

namespace cam::base {

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
  std::array<uint8_t, 16> bytes{};
  FillRandom(bytes);
  return HexEncode(bytes);
}

}  // namespace cam::base
