// Fuzzes ML-DSA-65 verification on random public keys and signatures (the pkDecode, sigDecode
// and HintBitUnpack decoders), and on real signatures with one byte changed.
// Layout: mode byte, message length byte, context length byte, message, context, then key and
// signature material. Mode bit 0 picks the public key (0: 1952 raw bytes; 1: key generation from
// a 32-byte seed), bit 1 the signature (0: 3309 raw bytes, or the rest of the input if bit 2 is
// set; 1: our deterministic signature of the message, with the byte at an input-chosen offset
// changed unless bit 3 is set).
// Invariants: nothing crashes; a random signature never verifies; our signature verifies, and
// any single-byte change makes it fail (ML-DSA signatures are not malleable).
#include <cstdint>
#include <vector>

#include "base/secure_buffer.h"
#include "crypto/mldsa/mldsa65.h"
#include "tests/fuzz/fuzz_input.h"

namespace crypto = ::cam::crypto;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cam::fuzz::FuzzInput in(data, size);
  const uint8_t mode = in.Byte();
  const std::vector<uint8_t> msg = in.Take(in.Byte());
  // Up to 255 bytes of context from the length byte; 256 when mode bit 4 asks for a too-long one.
  const std::vector<uint8_t> ctx = in.Take((mode & 16) != 0 ? 256 : in.Byte());

  crypto::MlDsa65PublicKey pk{};
  cam::base::SecureBuffer sk;
  if ((mode & 1) == 0) {
    const std::vector<uint8_t> raw = in.Take(crypto::kMlDsa65PublicKeyBytes);
    std::copy(raw.begin(), raw.end(), pk.begin());
  } else {
    CAM_FUZZ_CHECK(crypto::MlDsa65KeyGenFromSeed(pk, sk, in.Take(crypto::kMlDsaSeedBytes)).ok());
  }

  if ((mode & 2) == 0 || sk.empty()) {
    const std::vector<uint8_t> sig =
        (mode & 4) != 0 ? in.Rest() : in.Take(crypto::kMlDsa65SignatureBytes);
    CAM_FUZZ_CHECK(!crypto::MlDsa65Verify(pk, msg, ctx, sig).ok());
    return 0;
  }
  crypto::MlDsa65Signature sig;
  const absl::Status signed_status = crypto::MlDsa65Sign(
      sig, sk.span(), msg, ctx, {.randomness = crypto::MlDsaRandomness::kDeterministic});
  CAM_FUZZ_CHECK(signed_status.ok() == (ctx.size() <= crypto::kMlDsaMaxContextBytes));
  if (!signed_status.ok()) return 0;
  CAM_FUZZ_CHECK(crypto::MlDsa65Verify(pk, msg, ctx, sig).ok());
  if ((mode & 8) == 0) {
    const std::vector<uint8_t> where = in.Take(3);
    const size_t offset = (where[0] | where[1] << 8) % sig.size();
    sig[offset] ^= where[2] == 0 ? 1 : where[2];
    CAM_FUZZ_CHECK(!crypto::MlDsa65Verify(pk, msg, ctx, sig).ok());
  }
  return 0;
}
