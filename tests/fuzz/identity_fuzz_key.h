// File: tests/fuzz/identity_fuzz_key.h
// The fixed Ed25519 token key and clock shared by identity_decoders_fuzz and its seed corpus, so
// the corpus holds tokens the fuzzed verifier really accepts.
#ifndef CAM_TESTS_FUZZ_IDENTITY_FUZZ_KEY_H_
#define CAM_TESTS_FUZZ_IDENTITY_FUZZ_KEY_H_

#include <array>
#include <cstdint>

#include "absl/time/time.h"
#include "identity/jwt_signer.h"

namespace cam::fuzz {

inline const absl::Time kIdentityFuzzNow = absl::FromUnixSeconds(1'800'000'000);

inline absl::StatusOr<identity::JwtSigner> IdentityFuzzSigner() {
  std::array<uint8_t, 32> seed{};
  for (size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<uint8_t>(0xA5 ^ i);
  return identity::JwtSigner::FromPrivateKey(identity::JwsAlgorithm::kEdDSA, "fuzz-key", seed);
}

}  // namespace cam::fuzz

#endif  // CAM_TESTS_FUZZ_IDENTITY_FUZZ_KEY_H_
