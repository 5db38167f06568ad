#include "crypto/hybrid/hybrid_signature.h"

#include <algorithm>
#include <vector>

#include "base/random.h"
#include "base/reasons.h"

namespace cam::crypto {
namespace {

static_assert(kHybridSigPublicKeyBytes == 1984 && kHybridSignatureBytes == 3373);

absl::Status InvalidInput(std::string_view detail) {
  return base::Error(base::Reason::kCryptoInvalidInput, detail);
}

absl::Status VerifyFailed(std::string_view detail) {
  return base::Error(base::Reason::kCryptoVerifyFailed, detail);
}

std::span<const uint8_t> Label() {
  return {reinterpret_cast<const uint8_t*>(kHybridSigLabel.data()), kHybridSigLabel.size()};
}

// FormatMessage builds M' = label || len(context) || context || message (see the header).
std::vector<uint8_t> FormatMessage(std::span<const uint8_t> message,
                                   std::span<const uint8_t> context) {
  // Sized up front and filled with copies: GCC 12 misreports vector::insert of a char range
  // as an overflow (-Wstringop-overflow).
  std::vector<uint8_t> m(kHybridSigLabel.size() + 1 + context.size() + message.size());
  uint8_t* p = std::copy(kHybridSigLabel.begin(), kHybridSigLabel.end(), m.data());
  *p++ = static_cast<uint8_t>(context.size());
  p = std::copy(context.begin(), context.end(), p);
  std::copy(message.begin(), message.end(), p);
  return m;
}

}  // namespace

absl::Status HybridSigKeyGenFromSeed(HybridSigPublicKey& out_public_key,
                                     base::SecureBuffer& out_secret_key,
                                     std::span<const uint8_t> seed) {
  if (seed.size() != kHybridSigSeedBytes) {
    return InvalidInput("hybrid signature seed must be 64 bytes");
  }
  const auto ed_seed = seed.first<kEd25519SeedSize>();
  absl::StatusOr<Ed25519KeyPair> ed = Ed25519KeyPairFromSeed(ed_seed);
  if (!ed.ok()) return ed.status();
  MlDsa65PublicKey mldsa_pk;
  base::SecureBuffer mldsa_sk;
  if (absl::Status s = MlDsa65KeyGenFromSeed(mldsa_pk, mldsa_sk, seed.subspan(kEd25519SeedSize));
      !s.ok()) {
    return s;
  }
  base::SecureBuffer sk(kHybridSigSecretKeyBytes);
  std::copy(ed_seed.begin(), ed_seed.end(), sk.data());
  std::copy(mldsa_sk.span().begin(), mldsa_sk.span().end(), sk.data() + kEd25519SeedSize);
  std::copy(ed->public_key.begin(), ed->public_key.end(), out_public_key.begin());
  std::copy(mldsa_pk.begin(), mldsa_pk.end(), out_public_key.begin() + kEd25519PublicKeySize);
  out_secret_key = std::move(sk);
  return absl::OkStatus();
}

absl::Status HybridSigKeyGen(HybridSigPublicKey& out_public_key,
                             base::SecureBuffer& out_secret_key) {
  base::SecureBuffer seed(kHybridSigSeedBytes);
  base::FillRandom(seed.span());
  return HybridSigKeyGenFromSeed(out_public_key, out_secret_key, seed.span());
}

absl::Status HybridSign(HybridSignature& out_signature, std::span<const uint8_t> secret_key,
                        std::span<const uint8_t> message, std::span<const uint8_t> context,
                        const MlDsaSignOptions& options) {
  if (secret_key.size() != kHybridSigSecretKeyBytes) {
    return InvalidInput("hybrid signature secret key has the wrong length");
  }
  if (context.size() > kHybridSigMaxContextBytes) {
    return InvalidInput("hybrid signature context is longer than 255 bytes");
  }
  const std::vector<uint8_t> m = FormatMessage(message, context);
  absl::StatusOr<Ed25519Signature> ed = Ed25519Sign(secret_key.first<kEd25519SeedSize>(), m);
  if (!ed.ok()) return ed.status();
  MlDsa65Signature mldsa_sig;
  if (absl::Status s =
          MlDsa65Sign(mldsa_sig, secret_key.subspan(kEd25519SeedSize), m, Label(), options);
      !s.ok()) {
    return s;
  }
  std::copy(ed->begin(), ed->end(), out_signature.begin());
  std::copy(mldsa_sig.begin(), mldsa_sig.end(), out_signature.begin() + kEd25519SignatureSize);
  return absl::OkStatus();
}

absl::Status HybridVerify(std::span<const uint8_t> public_key, std::span<const uint8_t> message,
                          std::span<const uint8_t> context, std::span<const uint8_t> signature) {
  if (public_key.size() != kHybridSigPublicKeyBytes) {
    return InvalidInput("hybrid signature public key has the wrong length");
  }
  if (context.size() > kHybridSigMaxContextBytes) {
    return InvalidInput("hybrid signature context is longer than 255 bytes");
  }
  if (signature.size() != kHybridSignatureBytes) {
    return VerifyFailed("hybrid signature has the wrong length");
  }
  const std::vector<uint8_t> m = FormatMessage(message, context);
  // Both components are always checked; either failing rejects the signature.
  const absl::Status ed = Ed25519Verify(public_key.first<kEd25519PublicKeySize>(), m,
                                        signature.first(kEd25519SignatureSize));
  const absl::Status mldsa = MlDsa65Verify(public_key.subspan(kEd25519PublicKeySize), m, Label(),
                                           signature.subspan(kEd25519SignatureSize));
  if (!ed.ok()) return VerifyFailed("hybrid signature: Ed25519 component does not verify");
  if (!mldsa.ok()) return VerifyFailed("hybrid signature: ML-DSA-65 component does not verify");
  return absl::OkStatus();
}

}  // namespace cam::crypto
