// Fuzzes X-Wing decapsulation on random ciphertexts and encapsulation to random keys.
// Layout: mode byte, 32-byte seed, 64-byte eseed, then the ciphertext (bit 0 of the mode: 0 for
// exactly 1120 bytes, 1 for the rest of the input) or, with bit 1, a raw 1216-byte public key.
// Invariants: decaps succeeds exactly for 1120-byte ciphertexts and is deterministic; a round trip
// with the input's eseed agrees; encapsulation to a raw key succeeds exactly when its ML-KEM part
// passes the FIPS 203 7.2 check.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/mlkem/mlkem768.h"
#include "crypto/xwing/xwing.h"
#include "tests/fuzz/fuzz_input.h"

namespace crypto = ::cam::crypto;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cam::fuzz::FuzzInput in(data, size);
  const uint8_t mode = in.Byte();
  const std::vector<uint8_t> seed = in.Take(crypto::kXWingDecapsulationKeyBytes);
  const std::vector<uint8_t> eseed = in.Take(crypto::kXWingEncapsSeedBytes);
  const std::span<const uint8_t, crypto::kXWingEncapsSeedBytes> eseed_span(eseed.data(),
                                                                           eseed.size());
  crypto::XWingCiphertext ct;
  std::array<uint8_t, crypto::kXWingSharedSecretBytes> k1, k2;

  if ((mode & 2) != 0) {
    const std::vector<uint8_t> pk = in.Take(crypto::kXWingEncapsulationKeyBytes);
    const bool mlkem_ok =
        crypto::MlKem768CheckEncapsulationKey(
            std::span<const uint8_t>(pk).first(crypto::kMlKem768EncapsulationKeyBytes))
            .ok();
    CAM_FUZZ_CHECK(crypto::XWingEncapsDeterministic(ct, k1, pk, eseed_span).ok() == mlkem_ok);
    return 0;
  }

  crypto::XWingEncapsulationKey pk;
  crypto::XWingDecapsulationKey sk;
  CAM_FUZZ_CHECK(crypto::XWingKeyGenFromSeed(pk, sk, seed).ok());
  const std::vector<uint8_t> random_ct =
      (mode & 1) != 0 ? in.Rest() : in.Take(crypto::kXWingCiphertextBytes);
  const absl::Status first = crypto::XWingDecaps(k1, sk, random_ct);
  CAM_FUZZ_CHECK(first.ok() == (random_ct.size() == crypto::kXWingCiphertextBytes));
  if (first.ok()) {
    CAM_FUZZ_CHECK(crypto::XWingDecaps(k2, sk, random_ct).ok());
    CAM_FUZZ_CHECK(k1 == k2);
  }

  CAM_FUZZ_CHECK(crypto::XWingEncapsDeterministic(ct, k1, pk, eseed_span).ok());
  CAM_FUZZ_CHECK(crypto::XWingDecaps(k2, sk, ct).ok());
  CAM_FUZZ_CHECK(k1 == k2);
  return 0;
}
