// File: tests/unit/crypto/primitives/aead_test_params.h
// The AEAD algorithms the parameterised AEAD tests run over, and their test names.
#ifndef CAM_TESTS_UNIT_CRYPTO_PRIMITIVES_AEAD_TEST_PARAMS_H_
#define CAM_TESTS_UNIT_CRYPTO_PRIMITIVES_AEAD_TEST_PARAMS_H_

#include <gtest/gtest.h>

#include <string>

#include "crypto/primitives/aead.h"

namespace cam::crypto {

inline auto AllAeadAlgorithms() {
  return ::testing::Values(AeadAlgorithm::kAes256Gcm, AeadAlgorithm::kChaCha20Poly1305);
}

inline std::string AeadAlgorithmName(const ::testing::TestParamInfo<AeadAlgorithm>& info) {
  return info.param == AeadAlgorithm::kAes256Gcm ? "Aes256Gcm" : "ChaCha20Poly1305";
}

}  // namespace cam::crypto

#endif  // CAM_TESTS_UNIT_CRYPTO_PRIMITIVES_AEAD_TEST_PARAMS_H_
