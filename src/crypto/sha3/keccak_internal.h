// File: crypto/sha3/keccak_internal.h
// Internals shared by keccak.cc and the AVX2 translation unit keccak_x4_avx2.cc. This header
// must stay free of library templates: keccak_x4_avx2.cc is compiled with -mavx2, and an inline
// function instantiated there could be picked by the linker for the portable code too.
#ifndef CAM_CRYPTO_SHA3_KECCAK_INTERNAL_H_
#define CAM_CRYPTO_SHA3_KECCAK_INTERNAL_H_

#include <cstdint>

namespace cam::crypto::sha3_internal {

// Round constants RC[i] of FIPS 202, Algorithm 5 (rc), for the 24 rounds.
inline constexpr uint64_t kRoundConstants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

// KeccakF1600x4Avx2 permutes four interleaved states: lanes[4 * i + j] is lane i of state j.
// `lanes` must be 32-byte aligned. Only call it when the CPU supports AVX2.
void KeccakF1600x4Avx2(uint64_t* lanes);

// KeccakF1600x4Portable is the same on any CPU, one state at a time.
void KeccakF1600x4Portable(uint64_t* lanes);

}  // namespace cam::crypto::sha3_internal

#endif  // CAM_CRYPTO_SHA3_KECCAK_INTERNAL_H_
