// Fuzzes hybrid (Ed25519 + ML-DSA-65) verification: the public-key and signature decoders on
// random bytes of any length, and real signatures with one component or one byte changed.
// Layout: mode byte, message length byte, message, then key and signature material. Mode bit 0
// picks the key (0: raw bytes, 1: key generation from a 64-byte seed); bit 1 the signature
// (0: raw bytes, the rest of the input; 1: our signature with the byte at an input-chosen
// offset changed unless bit 2 is set).
// Invariants: nothing crashes; random bytes never verify; our signature verifies, and any
// single-byte change (in either component) makes it fail: both components must verify.
#include <cstdint>
#include <vector>

#include "base/secure_buffer.h"
#include "crypto/hybrid/hybrid_signature.h"
#include "tests/fuzz/fuzz_input.h"

namespace crypto = ::cam::crypto;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cam::fuzz::FuzzInput in(data, size);
  const uint8_t mode = in.Byte();
  const std::vector<uint8_t> msg = in.Take(in.Byte());
  const std::vector<uint8_t> ctx;

  if ((mode & 1) == 0) {
    const std::vector<uint8_t> pk =
        in.Take(in.Byte() % 2 == 0 ? crypto::kHybridSigPublicKeyBytes : in.Byte());
    const std::vector<uint8_t> sig = in.Rest();
    CAM_FUZZ_CHECK(!crypto::HybridVerify(pk, msg, ctx, sig).ok());
    return 0;
  }
  crypto::HybridSigPublicKey pk;
  cam::base::SecureBuffer sk;
  CAM_FUZZ_CHECK(
      crypto::HybridSigKeyGenFromSeed(pk, sk, in.Take(crypto::kHybridSigSeedBytes)).ok());
  if ((mode & 2) == 0) {
    CAM_FUZZ_CHECK(!crypto::HybridVerify(pk, msg, ctx, in.Rest()).ok());
    return 0;
  }
  crypto::MlDsaSignOptions options;
  options.rnd = crypto::MlDsaRnd{};
  crypto::HybridSignature sig;
  CAM_FUZZ_CHECK(crypto::HybridSign(sig, sk.span(), msg, ctx, options).ok());
  CAM_FUZZ_CHECK(crypto::HybridVerify(pk, msg, ctx, sig).ok());
  if ((mode & 4) == 0) {
    const std::vector<uint8_t> where = in.Take(3);
    const size_t offset = (static_cast<size_t>(where[0]) << 8 | where[1]) % sig.size();
    sig[offset] ^= static_cast<uint8_t>(where[2] | 1);
    CAM_FUZZ_CHECK(!crypto::HybridVerify(pk, msg, ctx, sig).ok());
  }
  return 0;
}
