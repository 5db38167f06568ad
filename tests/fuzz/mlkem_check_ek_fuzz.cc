// Fuzzes the ML-KEM-768 encapsulation-key checks (FIPS 203 7.2) and encapsulation on random keys.
// First byte: bit 0 picks the key length (0: the rest of the input, any length; 1: exactly 1184
// bytes), bit 1 reduces every encoded coefficient mod q first, so the accepting path is reached
// too. Invariant: the check accepts exactly the 1184-byte keys whose 768 12-bit coefficients are
// all below q = 3329 (restated here independently), and Encaps agrees with the check.
#include <array>
#include <cstdint>
#include <vector>

#include "crypto/mlkem/mlkem768.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

namespace crypto = ::cam::crypto;
constexpr uint32_t kQ = 3329;
constexpr size_t kEncodedPolyVecBytes = 1152;  // 3 polynomials x 256 coefficients x 12 bits.

uint32_t Coefficient(const std::vector<uint8_t>& ek, size_t i) {
  const size_t at = 3 * (i / 2);
  return i % 2 == 0 ? ek[at] | (uint32_t{ek[at + 1]} & 0x0F) << 8
                    : ek[at + 1] >> 4 | uint32_t{ek[at + 2]} << 4;
}

void SetCoefficient(std::vector<uint8_t>& ek, size_t i, uint32_t value) {
  const size_t at = 3 * (i / 2);
  if (i % 2 == 0) {
    ek[at] = static_cast<uint8_t>(value);
    ek[at + 1] = static_cast<uint8_t>((ek[at + 1] & 0xF0) | (value >> 8));
  } else {
    ek[at + 1] = static_cast<uint8_t>((ek[at + 1] & 0x0F) | (value & 0x0F) << 4);
    ek[at + 2] = static_cast<uint8_t>(value >> 4);
  }
}

bool ReferenceCheck(const std::vector<uint8_t>& ek) {
  if (ek.size() != crypto::kMlKem768EncapsulationKeyBytes) return false;
  for (size_t i = 0; i < kEncodedPolyVecBytes * 2 / 3; ++i) {
    if (Coefficient(ek, i) >= kQ) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cam::fuzz::FuzzInput in(data, size);
  const uint8_t mode = in.Byte();
  std::vector<uint8_t> ek =
      (mode & 1) != 0 ? in.Take(crypto::kMlKem768EncapsulationKeyBytes) : in.Rest();
  if ((mode & 2) != 0 && ek.size() == crypto::kMlKem768EncapsulationKeyBytes) {
    for (size_t i = 0; i < kEncodedPolyVecBytes * 2 / 3; ++i) {
      SetCoefficient(ek, i, Coefficient(ek, i) % kQ);
    }
    CAM_FUZZ_CHECK(ReferenceCheck(ek));
  }
  const bool accepted = crypto::MlKem768CheckEncapsulationKey(ek).ok();
  CAM_FUZZ_CHECK(accepted == ReferenceCheck(ek));

  crypto::MlKem768Ciphertext ct;
  std::array<uint8_t, crypto::kMlKem768SharedSecretBytes> ss;
  const absl::Status encaps = crypto::MlKem768Encaps(ct, ss, ek);
  CAM_FUZZ_CHECK(encaps.ok() == accepted);
  return 0;
}
