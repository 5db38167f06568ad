// File: crypto/sha3/cpu_dispatch.h
// The one runtime switch between the AVX2 and the portable code paths of crypto/ (the four-way
// Keccak here, the ML-DSA NTT). It lives in the SHA-3 library because every post-quantum module
// already depends on it.
#ifndef CAM_CRYPTO_SHA3_CPU_DISPATCH_H_
#define CAM_CRYPTO_SHA3_CPU_DISPATCH_H_

namespace cam::crypto {

// UseAvx2 reports whether the AVX2 code paths run in this process: the CPU supports AVX2
// (__builtin_cpu_supports) and the environment variable CAM_CRYPTO_DISABLE_AVX2 is not "1".
// Decided once, on first call; both paths give identical results, so the switch exists for
// tests (to run the portable path on AVX2 machines) and for diagnosis.
bool UseAvx2();

}  // namespace cam::crypto

#endif  // CAM_CRYPTO_SHA3_CPU_DISPATCH_H_
