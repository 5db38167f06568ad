// File: tests/unit/crypto/primitives/aead_test_params.h
// What the AEAD tests share: the algorithms they run over, their test names, and input bytes.
#ifndef CAM_TESTS_UNIT_CRYPTO_PRIMITIVES_AEAD_TEST_PARAMS_H_
#define CAM_TESTS_UNIT_CRYPTO_PRIMITIVES_AEAD_TEST_PARAMS_H_

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "crypto/primitives/aead.h"

namespace cam::crypto {

inline auto AllAeadAlgorithms() {
  return ::testing::Values(AeadAlgorithm::kAes256Gcm, AeadAlgorithm::kChaCha20Poly1305);
}

inline std::string AeadAlgorithmName(const ::testing::TestParamInfo<AeadAlgorithm>& info) {
  return info.param == AeadAlgorithm::kAes256Gcm ? "Aes256Gcm" : "ChaCha20Poly1305";
}

// Pattern returns n bytes that differ from byte to byte and with the seed.
inline std::vector<uint8_t> Pattern(size_t n, uint8_t seed) {
  std::vector<uint8_t> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(seed + 31 * i);
  return out;
}

}  // namespace cam::crypto

#endif  // CAM_TESTS_UNIT_CRYPTO_PRIMITIVES_AEAD_TEST_PARAMS_H_
