// The four-way Keccak-f[1600] permutation on AVX2, one state per 64-bit slot of each 256-bit
// register. Built with -mavx2 (see CMakeLists.txt) and only reached through the runtime
// dispatch in keccak.cc. Only <immintrin.h> and plain C types here (see keccak_internal.h).
#include <immintrin.h>

#include <cstdint>

#include "crypto/sha3/keccak_internal.h"

namespace cam::crypto::sha3_internal {
namespace {

template <int N>
inline __m256i Rotl(__m256i x) {
  if constexpr (N == 8) {
    // Rotations by whole bytes are a single byte shuffle.
    const __m256i k = _mm256_setr_epi8(7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14, 7, 0,
                                       1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14);
    return _mm256_shuffle_epi8(x, k);
  } else if constexpr (N == 56) {
    const __m256i k = _mm256_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8, 1, 2,
                                       3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8);
    return _mm256_shuffle_epi8(x, k);
  } else {
    return _mm256_or_si256(_mm256_slli_epi64(x, N), _mm256_srli_epi64(x, 64 - N));
  }
}

}  // namespace

void KeccakF1600x4Avx2(uint64_t* lanes) {
  __m256i* s = reinterpret_cast<__m256i*>(lanes);
  __m256i a0 = _mm256_load_si256(s + 0);
  __m256i a1 = _mm256_load_si256(s + 1);
  __m256i a2 = _mm256_load_si256(s + 2);
  __m256i a3 = _mm256_load_si256(s + 3);
  __m256i a4 = _mm256_load_si256(s + 4);
  __m256i a5 = _mm256_load_si256(s + 5);
  __m256i a6 = _mm256_load_si256(s + 6);
  __m256i a7 = _mm256_load_si256(s + 7);
  __m256i a8 = _mm256_load_si256(s + 8);
  __m256i a9 = _mm256_load_si256(s + 9);
  __m256i a10 = _mm256_load_si256(s + 10);
  __m256i a11 = _mm256_load_si256(s + 11);
  __m256i a12 = _mm256_load_si256(s + 12);
  __m256i a13 = _mm256_load_si256(s + 13);
  __m256i a14 = _mm256_load_si256(s + 14);
  __m256i a15 = _mm256_load_si256(s + 15);
  __m256i a16 = _mm256_load_si256(s + 16);
  __m256i a17 = _mm256_load_si256(s + 17);
  __m256i a18 = _mm256_load_si256(s + 18);
  __m256i a19 = _mm256_load_si256(s + 19);
  __m256i a20 = _mm256_load_si256(s + 20);
  __m256i a21 = _mm256_load_si256(s + 21);
  __m256i a22 = _mm256_load_si256(s + 22);
  __m256i a23 = _mm256_load_si256(s + 23);
  __m256i a24 = _mm256_load_si256(s + 24);
  __m256i e0, e1, e2, e3, e4, e5, e6, e7, e8, e9, e10, e11, e12, e13, e14, e15, e16, e17, e18, e19,
      e20, e21, e22, e23, e24;
  __m256i b0, b1, b2, b3, b4, c0, c1, c2, c3, c4, d0, d1, d2, d3, d4;
  // Two rounds per iteration (A -> E -> A), as in keccak.cc.
  for (int round = 0; round < 24; round += 2) {
    c0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(a0, a5), a10), a15),
                          a20);
    c1 = _mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(a1, a6), a11), a16),
                          a21);
    c2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(a2, a7), a12), a17),
                          a22);
    c3 = _mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(a3, a8), a13), a18),
                          a23);
    c4 = _mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(a4, a9), a14), a19),
                          a24);
    d0 = _mm256_xor_si256(c4, Rotl<1>(c1));
    d1 = _mm256_xor_si256(c0, Rotl<1>(c2));
    d2 = _mm256_xor_si256(c1, Rotl<1>(c3));
    d3 = _mm256_xor_si256(c2, Rotl<1>(c4));
    d4 = _mm256_xor_si256(c3, Rotl<1>(c0));
    b0 = _mm256_xor_si256(a0, d0);
    b1 = Rotl<44>(_mm256_xor_si256(a6, d1));
    b2 = Rotl<43>(_mm256_xor_si256(a12, d2));
    b3 = Rotl<21>(_mm256_xor_si256(a18, d3));
    b4 = Rotl<14>(_mm256_xor_si256(a24, d4));
    e0 = _mm256_xor_si256(b0, _mm256_andnot_si256(b1, b2));
    e1 = _mm256_xor_si256(b1, _mm256_andnot_si256(b2, b3));
    e2 = _mm256_xor_si256(b2, _mm256_andnot_si256(b3, b4));
    e3 = _mm256_xor_si256(b3, _mm256_andnot_si256(b4, b0));
    e4 = _mm256_xor_si256(b4, _mm256_andnot_si256(b0, b1));
    b0 = Rotl<28>(_mm256_xor_si256(a3, d3));
    b1 = Rotl<20>(_mm256_xor_si256(a9, d4));
    b2 = Rotl<3>(_mm256_xor_si256(a10, d0));
    b3 = Rotl<45>(_mm256_xor_si256(a16, d1));
    b4 = Rotl<61>(_mm256_xor_si256(a22, d2));
    e5 = _mm256_xor_si256(b0, _mm256_andnot_si256(b1, b2));
    e6 = _mm256_xor_si256(b1, _mm256_andnot_si256(b2, b3));
    e7 = _mm256_xor_si256(b2, _mm256_andnot_si256(b3, b4));
    e8 = _mm256_xor_si256(b3, _mm256_andnot_si256(b4, b0));
    e9 = _mm256_xor_si256(b4, _mm256_andnot_si256(b0, b1));
    b0 = Rotl<1>(_mm256_xor_si256(a1, d1));
    b1 = Rotl<6>(_mm256_xor_si256(a7, d2));
    b2 = Rotl<25>(_mm256_xor_si256(a13, d3));
    b3 = Rotl<8>(_mm256_xor_si256(a19, d4));
    b4 = Rotl<18>(_mm256_xor_si256(a20, d0));
    e10 = _mm256_xor_si256(b0, _mm256_andnot_si256(b1, b2));
    e11 = _mm256_xor_si256(b1, _mm256_andnot_si256(b2, b3));
    e12 = _mm256_xor_si256(b2, _mm256_andnot_si256(b3, b4));
    e13 = _mm256_xor_si256(b3, _mm256_andnot_si256(b4, b0));
    e14 = _mm256_xor_si256(b4, _mm256_andnot_si256(b0, b1));
    b0 = Rotl<27>(_mm256_xor_si256(a4, d4));
    b1 = Rotl<36>(_mm256_xor_si256(a5, d0));
    b2 = Rotl<10>(_mm256_xor_si256(a11, d1));
    b3 = Rotl<15>(_mm256_xor_si256(a17, d2));
    b4 = Rotl<56>(_mm256_xor_si256(a23, d3));
    e15 = _mm256_xor_si256(b0, _mm256_andnot_si256(b1, b2));
    e16 = _mm256_xor_si256(b1, _mm256_andnot_si256(b2, b3));
    e17 = _mm256_xor_si256(b2, _mm256_andnot_si256(b3, b4));
    e18 = _mm256_xor_si256(b3, _mm256_andnot_si256(b4, b0));
    e19 = _mm256_xor_si256(b4, _mm256_andnot_si256(b0, b1));
    b0 = Rotl<62>(_mm256_xor_si256(a2, d2));
    b1 = Rotl<55>(_mm256_xor_si256(a8, d3));
    b2 = Rotl<39>(_mm256_xor_si256(a14, d4));
    b3 = Rotl<41>(_mm256_xor_si256(a15, d0));
    b4 = Rotl<2>(_mm256_xor_si256(a21, d1));
    e20 = _mm256_xor_si256(b0, _mm256_andnot_si256(b1, b2));
    e21 = _mm256_xor_si256(b1, _mm256_andnot_si256(b2, b3));
    e22 = _mm256_xor_si256(b2, _mm256_andnot_si256(b3, b4));
    e23 = _mm256_xor_si256(b3, _mm256_andnot_si256(b4, b0));
    e24 = _mm256_xor_si256(b4, _mm256_andnot_si256(b0, b1));
    e0 = _mm256_xor_si256(e0, _mm256_set1_epi64x(static_cast<long long>(kRoundConstants[round])));
    c0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(e0, e5), e10), e15),
                          e20);
    c1 = _mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(e1, e6), e11), e16),
                          e21);
    c2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(e2, e7), e12), e17),
                          e22);
    c3 = _mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(e3, e8), e13), e18),
                          e23);
    c4 = _mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(e4, e9), e14), e19),
                          e24);
    d0 = _mm256_xor_si256(c4, Rotl<1>(c1));
    d1 = _mm256_xor_si256(c0, Rotl<1>(c2));
    d2 = _mm256_xor_si256(c1, Rotl<1>(c3));
    d3 = _mm256_xor_si256(c2, Rotl<1>(c4));
    d4 = _mm256_xor_si256(c3, Rotl<1>(c0));
    b0 = _mm256_xor_si256(e0, d0);
    b1 = Rotl<44>(_mm256_xor_si256(e6, d1));
    b2 = Rotl<43>(_mm256_xor_si256(e12, d2));
    b3 = Rotl<21>(_mm256_xor_si256(e18, d3));
    b4 = Rotl<14>(_mm256_xor_si256(e24, d4));
    a0 = _mm256_xor_si256(b0, _mm256_andnot_si256(b1, b2));
    a1 = _mm256_xor_si256(b1, _mm256_andnot_si256(b2, b3));
    a2 = _mm256_xor_si256(b2, _mm256_andnot_si256(b3, b4));
    a3 = _mm256_xor_si256(b3, _mm256_andnot_si256(b4, b0));
    a4 = _mm256_xor_si256(b4, _mm256_andnot_si256(b0, b1));
    b0 = Rotl<28>(_mm256_xor_si256(e3, d3));
    b1 = Rotl<20>(_mm256_xor_si256(e9, d4));
    b2 = Rotl<3>(_mm256_xor_si256(e10, d0));
    b3 = Rotl<45>(_mm256_xor_si256(e16, d1));
    b4 = Rotl<61>(_mm256_xor_si256(e22, d2));
    a5 = _mm256_xor_si256(b0, _mm256_andnot_si256(b1, b2));
    a6 = _mm256_xor_si256(b1, _mm256_andnot_si256(b2, b3));
    a7 = _mm256_xor_si256(b2, _mm256_andnot_si256(b3, b4));
    a8 = _mm256_xor_si256(b3, _mm256_andnot_si256(b4, b0));
    a9 = _mm256_xor_si256(b4, _mm256_andnot_si256(b0, b1));
    b0 = Rotl<1>(_mm256_xor_si256(e1, d1));
    b1 = Rotl<6>(_mm256_xor_si256(e7, d2));
    b2 = Rotl<25>(_mm256_xor_si256(e13, d3));
    b3 = Rotl<8>(_mm256_xor_si256(e19, d4));
    b4 = Rotl<18>(_mm256_xor_si256(e20, d0));
    a10 = _mm256_xor_si256(b0, _mm256_andnot_si256(b1, b2));
    a11 = _mm256_xor_si256(b1, _mm256_andnot_si256(b2, b3));
    a12 = _mm256_xor_si256(b2, _mm256_andnot_si256(b3, b4));
    a13 = _mm256_xor_si256(b3, _mm256_andnot_si256(b4, b0));
    a14 = _mm256_xor_si256(b4, _mm256_andnot_si256(b0, b1));
    b0 = Rotl<27>(_mm256_xor_si256(e4, d4));
    b1 = Rotl<36>(_mm256_xor_si256(e5, d0));
    b2 = Rotl<10>(_mm256_xor_si256(e11, d1));
    b3 = Rotl<15>(_mm256_xor_si256(e17, d2));
    b4 = Rotl<56>(_mm256_xor_si256(e23, d3));
    a15 = _mm256_xor_si256(b0, _mm256_andnot_si256(b1, b2));
    a16 = _mm256_xor_si256(b1, _mm256_andnot_si256(b2, b3));
    a17 = _mm256_xor_si256(b2, _mm256_andnot_si256(b3, b4));
    a18 = _mm256_xor_si256(b3, _mm256_andnot_si256(b4, b0));
    a19 = _mm256_xor_si256(b4, _mm256_andnot_si256(b0, b1));
    b0 = Rotl<62>(_mm256_xor_si256(e2, d2));
    b1 = Rotl<55>(_mm256_xor_si256(e8, d3));
    b2 = Rotl<39>(_mm256_xor_si256(e14, d4));
    b3 = Rotl<41>(_mm256_xor_si256(e15, d0));
    b4 = Rotl<2>(_mm256_xor_si256(e21, d1));
    a20 = _mm256_xor_si256(b0, _mm256_andnot_si256(b1, b2));
    a21 = _mm256_xor_si256(b1, _mm256_andnot_si256(b2, b3));
    a22 = _mm256_xor_si256(b2, _mm256_andnot_si256(b3, b4));
    a23 = _mm256_xor_si256(b3, _mm256_andnot_si256(b4, b0));
    a24 = _mm256_xor_si256(b4, _mm256_andnot_si256(b0, b1));
    a0 = _mm256_xor_si256(a0,
                          _mm256_set1_epi64x(static_cast<long long>(kRoundConstants[round + 1])));
  }
  _mm256_store_si256(s + 0, a0);
  _mm256_store_si256(s + 1, a1);
  _mm256_store_si256(s + 2, a2);
  _mm256_store_si256(s + 3, a3);
  _mm256_store_si256(s + 4, a4);
  _mm256_store_si256(s + 5, a5);
  _mm256_store_si256(s + 6, a6);
  _mm256_store_si256(s + 7, a7);
  _mm256_store_si256(s + 8, a8);
  _mm256_store_si256(s + 9, a9);
  _mm256_store_si256(s + 10, a10);
  _mm256_store_si256(s + 11, a11);
  _mm256_store_si256(s + 12, a12);
  _mm256_store_si256(s + 13, a13);
  _mm256_store_si256(s + 14, a14);
  _mm256_store_si256(s + 15, a15);
  _mm256_store_si256(s + 16, a16);
  _mm256_store_si256(s + 17, a17);
  _mm256_store_si256(s + 18, a18);
  _mm256_store_si256(s + 19, a19);
  _mm256_store_si256(s + 20, a20);
  _mm256_store_si256(s + 21, a21);
  _mm256_store_si256(s + 22, a22);
  _mm256_store_si256(s + 23, a23);
  _mm256_store_si256(s + 24, a24);
}

}  // namespace cam::crypto::sha3_internal
