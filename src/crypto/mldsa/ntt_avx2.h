// File: crypto/mldsa/ntt_avx2.h
// The ML-DSA NTT, inverse NTT and NTT-domain products on AVX2 (ntt_avx2.cc, built with -mavx2).
// Bit-for-bit the same results as Ntt, InvNttToMont, PointwiseMontgomery and RowTimesVector in
// internal.h, which call these after the runtime CPU check. Plain C types only: this header is also
// compiled into the -mavx2 translation unit, where an inline library template could be emitted with
// AVX2 code and picked by the linker elsewhere.
#ifndef CAM_CRYPTO_MLDSA_NTT_AVX2_H_
#define CAM_CRYPTO_MLDSA_NTT_AVX2_H_

#include <cstdint>

namespace cam::crypto::mldsa_internal {

// NttAvx2 is FIPS 204, Algorithm 41 on the 256 coefficients at `a` (|a| < q in, |a| < 9q out).
void NttAvx2(int32_t* a);

// InvNttToMontAvx2 is FIPS 204, Algorithm 42 times 2^32 (|a| < q in, |a| < q out).
void InvNttToMontAvx2(int32_t* a);

// PointwiseMontgomeryAvx2 sets out[i] = MontgomeryReduce(a[i] * b[i]) for 256 coefficients.
void PointwiseMontgomeryAvx2(int32_t* out, const int32_t* a, const int32_t* b);

// RowTimesVectorAvx2 sets out[i] = MontgomeryReduce(sum_j row[256 j + i] * x[256 j + i]) over
// j < l, the 64-bit sum reduced once, as RowTimesVector in internal.h.
void RowTimesVectorAvx2(int32_t* out, const int32_t* row, const int32_t* x, int l);

}  // namespace cam::crypto::mldsa_internal

#endif  // CAM_CRYPTO_MLDSA_NTT_AVX2_H_
