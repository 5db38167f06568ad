// File: crypto/mlkem/ntt_avx2.h
// The ML-KEM NTT and inverse NTT on AVX2 (ntt_avx2.cc, built with -mavx2), bit-for-bit the same
// as the portable loops of mlkem768.cc, which call these after the runtime CPU check
// (crypto/sha3/cpu_dispatch.h). Plain C types only: this header is also compiled into the
// -mavx2 translation unit, where an inline library template could be emitted with AVX2 code
// and picked by the linker for portable callers.
#ifndef CAM_CRYPTO_MLKEM_NTT_AVX2_H_
#define CAM_CRYPTO_MLKEM_NTT_AVX2_H_

#include <cstdint>

namespace cam::crypto::mlkem {

// NttAvx2 is FIPS 203, Algorithm 9 on the 256 coefficients at `f` (as Ntt in internal.h).
void NttAvx2(int16_t* f);

// InverseNttAvx2 is FIPS 203, Algorithm 10 (as InverseNtt in internal.h).
void InverseNttAvx2(int16_t* f);

}  // namespace cam::crypto::mlkem

#endif  // CAM_CRYPTO_MLKEM_NTT_AVX2_H_
