// File: crypto/ct.h
// Constant-time helpers. Code that touches secrets selects and compares through these instead
// of branching or indexing on the secret. A function that may branch on its input carries the
// suffix `_vartime` and is only used on public data.
#ifndef CAM_CRYPTO_CT_H_
#define CAM_CRYPTO_CT_H_

#include <cstddef>
#include <cstdint>
#include <span>

#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define CAM_CT_HAVE_VALGRIND 1
#endif

namespace cam::crypto::ct {

// ValueBarrier hides `x` from the optimiser so it cannot turn mask arithmetic back into a branch.
template <typename T>
inline T ValueBarrier(T x) {
  __asm__("" : "+r"(x) : :);
  return x;
}

// Declassify returns `x` unchanged and tells Valgrind's memcheck (when run under it) that the
// value is public from here on. The constant-time test (tests/ct) marks secret inputs as
// undefined so that any branch or memory index on them is reported; Declassify is the one
// sanctioned exit, used only where FIPS 203 / 204 make a secret-derived value public (the
// rejection decisions of ML-DSA signing and of its secret samplers). Outside Valgrind the
// annotation is a few no-op instructions.
template <typename T>
inline T Declassify(T x) {
#ifdef CAM_CT_HAVE_VALGRIND
  (void)VALGRIND_MAKE_MEM_DEFINED(&x, sizeof(x));
#endif
  return ValueBarrier(x);
}

// DeclassifyBytes is Declassify for a byte string that is about to become public.
inline void DeclassifyBytes(std::span<const uint8_t> bytes) {
#ifdef CAM_CT_HAVE_VALGRIND
  (void)VALGRIND_MAKE_MEM_DEFINED(bytes.data(), bytes.size());
#else
  (void)bytes;
#endif
}

// MaskFromBit returns all ones if `bit` is 1 and zero if it is 0. `bit` must be 0 or 1.
inline uint32_t MaskFromBit32(uint32_t bit) { return ValueBarrier(0u - bit); }
inline uint8_t MaskFromBit8(uint8_t bit) { return static_cast<uint8_t>(MaskFromBit32(bit)); }

// IsZeroMask32 returns all ones if x == 0, else zero.
inline uint32_t IsZeroMask32(uint32_t x) {
  return MaskFromBit32(static_cast<uint32_t>((static_cast<uint64_t>(x) - 1) >> 63));
}

// EqMask32 returns all ones if a == b, else zero.
inline uint32_t EqMask32(uint32_t a, uint32_t b) { return IsZeroMask32(a ^ b); }

// LtMask32 returns all ones if a < b (unsigned), else zero.
inline uint32_t LtMask32(uint32_t a, uint32_t b) {
  return MaskFromBit32(static_cast<uint32_t>((static_cast<uint64_t>(a) - b) >> 63));
}

// Select32 returns a where mask is all ones, b where it is zero.
inline uint32_t Select32(uint32_t mask, uint32_t a, uint32_t b) { return (mask & a) | (~mask & b); }

// Equal compares two equal-length byte strings in time independent of their contents; returns
// all ones (0xFF) if they are equal, 0 otherwise. Lengths are public.
inline uint8_t EqualMask(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  uint8_t diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= a[i] ^ b[i];
  return static_cast<uint8_t>(IsZeroMask32(ValueBarrier<uint32_t>(diff)));
}

// SelectBytes sets out[i] = mask ? a[i] : b[i] for all i; mask is 0x00 or 0xFF.
inline void SelectBytes(uint8_t mask, std::span<const uint8_t> a, std::span<const uint8_t> b,
                        std::span<uint8_t> out) {
  const uint8_t m = ValueBarrier(mask);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<uint8_t>((m & a[i]) | (~m & b[i]));
  }
}

}  // namespace cam::crypto::ct

#endif  // CAM_CRYPTO_CT_H_
