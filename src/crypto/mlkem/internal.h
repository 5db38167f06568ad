// File: crypto/mlkem/internal.h
// ML-KEM internals (FIPS 203), templated on the module rank k so the code reads like the spec
// for every parameter set even though only ML-KEM-768 (k = 3) is instantiated. Each function is
// named after its FIPS 203 algorithm. Nothing here runs self-tests or checks its inputs: callers
// (mlkem768.cc, tests) do the section 7 input checks first.
//
// Arithmetic: coefficients are int16_t; products are reduced with Montgomery reduction
// (R = 2^16) or Barrett reduction, never with a branch or a division, since most polynomials
// here are secret. Each function states the range of its inputs and outputs.
#ifndef CAM_CRYPTO_MLKEM_INTERNAL_H_
#define CAM_CRYPTO_MLKEM_INTERNAL_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <tuple>
#include <type_traits>

#include "base/secure_buffer.h"

namespace cam::crypto::mlkem {

inline constexpr int kDegree = 256;  // n
inline constexpr int kPrime = 3329;  // q

// Params<K>: FIPS 203, Table 2 (eta1, eta2, du, dv) and the sizes of Table 3 that follow from
// them.
template <int K>
struct Params;
template <>
struct Params<2> {
  static constexpr int kEta1 = 3, kEta2 = 2, kDu = 10, kDv = 4;
};
template <>
struct Params<3> {
  static constexpr int kEta1 = 2, kEta2 = 2, kDu = 10, kDv = 4;
};
template <>
struct Params<4> {
  static constexpr int kEta1 = 2, kEta2 = 2, kDu = 11, kDv = 5;
};

template <int K>
struct Sizes {
  static constexpr size_t kPkeDecryptionKey = 384 * K;  // ByteEncode12(s-hat)
  static constexpr size_t kEncapsulationKey = 384 * K + 32;
  static constexpr size_t kDecapsulationKey = 768 * K + 96;
  static constexpr size_t kCiphertextU = 32 * Params<K>::kDu * K;  // c1
  static constexpr size_t kCiphertextV = 32 * Params<K>::kDv;      // c2
  static constexpr size_t kCiphertext = kCiphertextU + kCiphertextV;
  static constexpr size_t kSharedSecret = 32;
};

// FIPS 203, Table 3.
static_assert(Sizes<2>::kEncapsulationKey == 800 && Sizes<2>::kDecapsulationKey == 1632 &&
              Sizes<2>::kCiphertext == 768);
static_assert(Sizes<3>::kEncapsulationKey == 1184 && Sizes<3>::kDecapsulationKey == 2400 &&
              Sizes<3>::kCiphertext == 1088);
static_assert(Sizes<4>::kEncapsulationKey == 1568 && Sizes<4>::kDecapsulationKey == 3168 &&
              Sizes<4>::kCiphertext == 1568);

// An element of R_q or T_q (the NTT domain), coefficient i at c[i].
struct Poly {
  std::array<int16_t, kDegree> c;
};
template <int K>
using PolyVector = std::array<Poly, K>;
template <int K>
using PolyMatrix = std::array<PolyVector<K>, K>;

// ---- Modular arithmetic ----------------------------------------------------------------------

// kQInv = q^-1 mod 2^16, found by Newton iteration (each step doubles the correct low bits).
inline constexpr uint16_t kQInv = [] {
  uint32_t inv = kPrime;  // correct to 3 bits, since q*q = 1 mod 8
  for (int i = 0; i < 4; ++i) inv = (inv * (2 - kPrime * inv)) & 0xFFFF;
  return static_cast<uint16_t>(inv);
}();
static_assert((kPrime * kQInv) % 65536 == 1);

// MontgomeryReduce returns r = a * 2^-16 mod q with |r| < q, for |a| < q * 2^15.
inline int16_t MontgomeryReduce(int32_t a) {
  const int16_t t = static_cast<int16_t>(static_cast<uint32_t>(a) * kQInv);
  return static_cast<int16_t>((a - static_cast<int32_t>(t) * kPrime) >> 16);
}

// FqMul returns a * b * 2^-16 mod q with |r| < q, for |a * b| < q * 2^15. It is
// MontgomeryReduce split into high and low 16-bit halves (the low halves of a*b and t*q cancel),
// a shape GCC vectorises with 16-bit multiply-high instructions.
inline int16_t FqMul(int16_t a, int16_t b) {
  const int32_t p = static_cast<int32_t>(a) * b;
  const int16_t t = static_cast<int16_t>(static_cast<int16_t>(p) * static_cast<int16_t>(kQInv));
  return static_cast<int16_t>((p >> 16) - ((static_cast<int32_t>(t) * kPrime) >> 16));
}

// BarrettReduce returns the representative of a mod q in [-(q-1)/2, (q-1)/2], for any int16 a.
// 20159 = round(2^26 / q).
inline int16_t BarrettReduce(int16_t a) {
  constexpr int32_t kV = ((1 << 26) + kPrime / 2) / kPrime;
  const int16_t t = static_cast<int16_t>((kV * a + (1 << 25)) >> 26);
  return static_cast<int16_t>(a - t * kPrime);
}

// ToUnsigned maps a in (-q, q) to a mod q in [0, q) without a branch.
inline int16_t ToUnsigned(int16_t a) { return static_cast<int16_t>(a + ((a >> 15) & kPrime)); }

// ---- Compression (FIPS 203, section 4.2.1, equations 4.7 and 4.8) ---------------------------

// Compress<D> returns round((2^D / q) * x) mod 2^D for x in [0, q). The division by q is a
// multiplication by ceil(2^35 / q) and a shift, exact for every numerator below 2^23 (checked
// exhaustively by the unit test), so the time does not depend on x.
template <int D>
inline uint16_t Compress(uint16_t x) {
  static_assert(D >= 1 && D <= 11);
  constexpr uint64_t kMagic = ((uint64_t{1} << 35) + kPrime - 1) / kPrime;
  const uint64_t numerator = (static_cast<uint64_t>(x) << D) + kPrime / 2;
  const uint64_t quotient = (numerator * kMagic) >> 35;
  return static_cast<uint16_t>(quotient & ((1u << D) - 1));
}

// Decompress<D> returns round((q / 2^D) * y) for y in [0, 2^D); the result is in [0, q).
template <int D>
inline uint16_t Decompress(uint16_t y) {
  static_assert(D >= 1 && D <= 11);
  return static_cast<uint16_t>((static_cast<uint32_t>(y) * kPrime + (1u << (D - 1))) >> D);
}

// ---- Polynomial algorithms -------------------------------------------------------------------

// FIPS 203, Algorithm 5 (ByteEncode_d). Coefficients must be in [0, 2^D) (for D = 12: [0, q)).
template <int D>
void ByteEncode(std::span<uint8_t, 32 * D> out, const Poly& f);

// FIPS 203, Algorithm 6 (ByteDecode_d). For D = 12 the output is reduced into [0, q) (the spec
// reads the integers modulo q); for D < 12 it is in [0, 2^D).
template <int D>
void ByteDecode(Poly& out, std::span<const uint8_t, 32 * D> in);

// FIPS 203, Algorithm 7 (SampleNTT): rejection sampling from SHAKE128(rho || j || i). The input
// (the public seed rho) decides how many bytes are read, hence _vartime. Output in [0, q).
void SampleNtt_vartime(Poly& out, std::span<const uint8_t, 34> seed);

// FIPS 203, Algorithm 8 (SamplePolyCBD_eta) for eta = 2 or 3, on 64 * eta bytes. Output
// coefficients in [-eta, eta] (a centered representative). Branch-free.
template <int Eta>
void SamplePolyCbd(Poly& out, std::span<const uint8_t, 64 * Eta> bytes);

// FIPS 203, Algorithm 9 (NTT). Input |c| < q; output in [-(q-1)/2, (q-1)/2].
void Ntt(Poly& f);

// FIPS 203, Algorithm 10 (NTT^-1). Input |c| < q; output |c| < q.
void InverseNtt(Poly& f);

// NttPortable and InverseNttPortable are the reference loops behind Ntt and InverseNtt, which
// run the AVX2 versions of ntt_avx2.h instead when crypto/sha3/cpu_dispatch.h's UseAvx2() says
// so (identical results).
void NttPortable(Poly& f);
void InverseNttPortable(Poly& f);

// FIPS 203, Algorithm 11 (MultiplyNTTs), with Algorithm 12 (BaseCaseMultiply) inlined.
// Inputs |c| < q; output in (-q, q).
void MultiplyNtts(Poly& out, const Poly& a, const Poly& b);

// InnerProductNtt sets out = sum_j a[j] x b[j] (MultiplyNTTs then sum, as used by Algorithms
// 13-15 for the matrix and vector products) with one reduction per coefficient at the end.
// Inputs |c| < q; output in (-q, q).
template <int K>
void InnerProductNtt(Poly& out, const PolyVector<K>& a, const PolyVector<K>& b);

// ---- K-PKE and ML-KEM ------------------------------------------------------------------------

// FIPS 203, Algorithm 13 (K-PKE.KeyGen) from the 32-byte seed d.
template <int K>
void KPkeKeyGen(std::span<uint8_t, Sizes<K>::kEncapsulationKey> out_ek,
                std::span<uint8_t, Sizes<K>::kPkeDecryptionKey> out_dk,
                std::span<const uint8_t, 32> d);

// FIPS 203, Algorithm 14 (K-PKE.Encrypt) of the 32-byte message m with randomness r.
template <int K>
void KPkeEncrypt(std::span<uint8_t, Sizes<K>::kCiphertext> out_c,
                 std::span<const uint8_t, Sizes<K>::kEncapsulationKey> ek,
                 std::span<const uint8_t, 32> m, std::span<const uint8_t, 32> r);

// FIPS 203, Algorithm 15 (K-PKE.Decrypt).
template <int K>
void KPkeDecrypt(std::span<uint8_t, 32> out_m,
                 std::span<const uint8_t, Sizes<K>::kPkeDecryptionKey> dk,
                 std::span<const uint8_t, Sizes<K>::kCiphertext> c);

// FIPS 203, Algorithm 16 (ML-KEM.KeyGen_internal).
template <int K>
void KeyGenInternal(std::span<uint8_t, Sizes<K>::kEncapsulationKey> out_ek,
                    std::span<uint8_t, Sizes<K>::kDecapsulationKey> out_dk,
                    std::span<const uint8_t, 32> d, std::span<const uint8_t, 32> z);

// FIPS 203, Algorithm 17 (ML-KEM.Encaps_internal). The caller has done the modulus check.
template <int K>
void EncapsInternal(std::span<uint8_t, Sizes<K>::kCiphertext> out_c,
                    std::span<uint8_t, 32> out_shared_secret,
                    std::span<const uint8_t, Sizes<K>::kEncapsulationKey> ek,
                    std::span<const uint8_t, 32> m);

// FIPS 203, Algorithm 18 (ML-KEM.Decaps_internal), with implicit rejection: on a ciphertext that
// does not re-encrypt, the result is J(z || c), selected in constant time.
template <int K>
void DecapsInternal(std::span<uint8_t, 32> out_shared_secret,
                    std::span<const uint8_t, Sizes<K>::kDecapsulationKey> dk,
                    std::span<const uint8_t, Sizes<K>::kCiphertext> c);

// FIPS 203, section 7.2, encapsulation key check 2 (modulus check): ByteEncode12(ByteDecode12(
// ek[0:384k])) == ek[0:384k]. The key is public, so this may branch.
template <int K>
bool CheckEncapsulationKeyModulus_vartime(std::span<const uint8_t, Sizes<K>::kEncapsulationKey> ek);

// FIPS 203, section 7.3, decapsulation key check 3 (hash check): H(dk[384k : 768k+32]) ==
// dk[768k+32 : 768k+64]. Compared in constant time.
template <int K>
bool CheckDecapsulationKeyHash(std::span<const uint8_t, Sizes<K>::kDecapsulationKey> dk);

// ---- Wiping temporaries -----------------------------------------------------------------------

// WipeOnExit zeroes the listed trivially-copyable objects when it goes out of scope, so secret
// polynomials and seeds do not outlive the function that made them.
template <typename... T>
class WipeOnExit {
 public:
  explicit WipeOnExit(T&... objects) : objects_(objects...) {}
  ~WipeOnExit() {
    std::apply([](auto&... o) { (Wipe(o), ...); }, objects_);
  }
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;

 private:
  template <typename U>
  static void Wipe(U& object) {
    static_assert(std::is_trivially_copyable_v<U>);
    base::SecureZero({reinterpret_cast<uint8_t*>(&object), sizeof(U)});
  }
  std::tuple<T&...> objects_;
};

}  // namespace cam::crypto::mlkem

#endif  // CAM_CRYPTO_MLKEM_INTERNAL_H_
