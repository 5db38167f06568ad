// Fuzzes ML-KEM-768 decapsulation and the decapsulation-key decoder (FIPS 203 7.3 checks).
// Layout: mode byte, key material, 32-byte m, ciphertext. Mode bit 0 picks where the key comes
// from (0: key generation from a 64-byte seed; 1: 2400 raw bytes through
// MlKem768DecapsulationKey::FromBytes), bit 1 the ciphertext length (0: exactly 1088 bytes;
// 1: the rest of the input, any length).
// Invariants: decoding accepts exactly the 2400-byte keys whose stored H(ek) matches; decaps
// succeeds exactly for 1088-byte ciphertexts, is deterministic, and inverts encapsulation.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/mlkem/mlkem768.h"
#include "crypto/sha3/keccak.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

namespace crypto = ::cam::crypto;
using SharedSecret = std::array<uint8_t, crypto::kMlKem768SharedSecretBytes>;

// The 7.3 hash check, restated independently: H(ek) stored at [2336, 2368) over ek at
// [1152, 2336).
bool HashCheckHolds(const std::vector<uint8_t>& dk) {
  if (dk.size() != crypto::kMlKem768DecapsulationKeyBytes) return false;
  std::array<uint8_t, 32> hash;
  crypto::Sha3_256(std::span<const uint8_t>(dk).subspan(1152, 1184), hash);
  return std::equal(hash.begin(), hash.end(), dk.begin() + 2336);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cam::fuzz::FuzzInput in(data, size);
  const uint8_t mode = in.Byte();
  crypto::MlKem768DecapsulationKey dk;
  std::array<uint8_t, crypto::kMlKem768EncapsulationKeyBytes> ek{};
  if ((mode & 1) == 0) {
    const std::vector<uint8_t> seed = in.Take(crypto::kMlKem768SeedBytes);
    CAM_FUZZ_CHECK(crypto::MlKem768KeyGenFromSeed(ek, dk, seed).ok());
  } else {
    const std::vector<uint8_t> raw = in.Take(crypto::kMlKem768DecapsulationKeyBytes);
    absl::StatusOr<crypto::MlKem768DecapsulationKey> parsed =
        crypto::MlKem768DecapsulationKey::FromBytes(raw);
    CAM_FUZZ_CHECK(parsed.ok() == HashCheckHolds(raw));
    if (!parsed.ok()) return 0;
    dk = *std::move(parsed);
    std::copy(dk.encapsulation_key().begin(), dk.encapsulation_key().end(), ek.begin());
  }

  const std::vector<uint8_t> m = in.Take(crypto::kMlKem768EncapsRandomBytes);
  const std::vector<uint8_t> ct =
      (mode & 2) == 0 ? in.Take(crypto::kMlKem768CiphertextBytes) : in.Rest();
  SharedSecret k1, k2;
  const absl::Status first = crypto::MlKem768Decaps(k1, dk, ct);
  CAM_FUZZ_CHECK(first.ok() == (ct.size() == crypto::kMlKem768CiphertextBytes));
  if (first.ok()) {
    CAM_FUZZ_CHECK(crypto::MlKem768Decaps(k2, dk, ct).ok());
    CAM_FUZZ_CHECK(k1 == k2);
  }

  // Round trip with the input's m. A key decoded from raw bytes may embed an ek that fails the
  // 7.2 modulus check; encapsulation must then refuse it.
  crypto::MlKem768Ciphertext sent;
  SharedSecret k_sent, k_received;
  const absl::Status encaps = crypto::MlKem768EncapsDeterministic(
      sent, k_sent, ek,
      std::span<const uint8_t, crypto::kMlKem768EncapsRandomBytes>(m.data(), m.size()));
  CAM_FUZZ_CHECK(encaps.ok() == crypto::MlKem768CheckEncapsulationKey(ek).ok());
  if (encaps.ok() && (mode & 1) == 0) {
    CAM_FUZZ_CHECK(crypto::MlKem768Decaps(k_received, dk, sent).ok());
    CAM_FUZZ_CHECK(k_received == k_sent);
  }
  return 0;
}
