#include "crypto/sha3/cpu_dispatch.h"

#include <cstdlib>
#include <string_view>

namespace cam::crypto {

bool UseAvx2() {
  // A function-local constant, computed once and then only read: no mutable global state.
  static const bool use_avx2 = [] {
    if (!__builtin_cpu_supports("avx2")) return false;
    const char* disable = std::getenv("CAM_CRYPTO_DISABLE_AVX2");
    return disable == nullptr || std::string_view(disable) != "1";
  }();
  return use_avx2;
}

}  // namespace cam::crypto
