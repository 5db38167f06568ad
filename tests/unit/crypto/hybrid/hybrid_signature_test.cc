#include "crypto/hybrid/hybrid_signature.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "base/secure_buffer.h"
#include "tests/testing/status_matchers.h"

namespace cam::crypto {
namespace {

using ::cam::testing::HasReason;
using ::cam::testing::IsOk;
using Bytes = std::vector<uint8_t>;

constexpr char kInvalidInput[] = "CAM_CRYPTO_INVALID_INPUT";
constexpr char kVerifyFailed[] = "CAM_CRYPTO_VERIFY_FAILED";

Bytes Str(const std::string& s) { return Bytes(s.begin(), s.end()); }

// M' exactly as the header documents it.
Bytes FormattedMessage(const Bytes& message, const Bytes& context) {
  Bytes m = Str("cam-hybrid-sig-v1");
  m.push_back(static_cast<uint8_t>(context.size()));
  m.insert(m.end(), context.begin(), context.end());
  m.insert(m.end(), message.begin(), message.end());
  return m;
}

struct Fixture {
  HybridSigPublicKey pk;
  base::SecureBuffer sk;
  std::array<uint8_t, kHybridSigSeedBytes> seed;
};

Fixture Deterministic() {
  Fixture f;
  for (size_t i = 0; i < f.seed.size(); ++i) f.seed[i] = static_cast<uint8_t>(i * 3 + 1);
  EXPECT_THAT(HybridSigKeyGenFromSeed(f.pk, f.sk, f.seed), IsOk());
  return f;
}

TEST(HybridSignatureTest, SignVerifyRoundTrip) {
  HybridSigPublicKey pk;
  base::SecureBuffer sk;
  ASSERT_THAT(HybridSigKeyGen(pk, sk), IsOk());
  ASSERT_EQ(sk.size(), kHybridSigSecretKeyBytes);
  const Bytes message = Str("attest this");
  const Bytes context = Str("ctx");
  HybridSignature sig;
  ASSERT_THAT(HybridSign(sig, sk.span(), message, context), IsOk());
  EXPECT_THAT(HybridVerify(pk, message, context, sig), IsOk());
  EXPECT_THAT(HybridVerify(pk, Str("attest that"), context, sig), HasReason(kVerifyFailed));
  EXPECT_THAT(HybridVerify(pk, message, Str("other"), sig), HasReason(kVerifyFailed));
}

TEST(HybridSignatureTest, EncodingIsTheDocumentedConcatenation) {
  Fixture f = Deterministic();
  // The public key is ed25519_pk || mldsa_pk, each derived from its half of the seed.
  absl::StatusOr<Ed25519KeyPair> ed =
      Ed25519KeyPairFromSeed(std::span<const uint8_t, 32>(f.seed.data(), 32));
  ASSERT_TRUE(ed.ok());
  MlDsa65PublicKey mldsa_pk;
  base::SecureBuffer mldsa_sk;
  ASSERT_THAT(
      MlDsa65KeyGenFromSeed(mldsa_pk, mldsa_sk, std::span<const uint8_t>(f.seed.data() + 32, 32)),
      IsOk());
  EXPECT_TRUE(std::equal(ed->public_key.begin(), ed->public_key.end(), f.pk.begin()));
  EXPECT_TRUE(std::equal(mldsa_pk.begin(), mldsa_pk.end(), f.pk.begin() + 32));

  // Each component verifies on its own over M', with the documented ML-DSA context.
  const Bytes message = Str("hello");
  const Bytes context = Str("camd");
  MlDsaSignOptions options;
  options.randomness = MlDsaRandomness::kDeterministic;
  HybridSignature sig;
  ASSERT_THAT(HybridSign(sig, f.sk.span(), message, context, options), IsOk());
  const Bytes m = FormattedMessage(message, context);
  EXPECT_THAT(Ed25519Verify(ed->public_key, m, std::span<const uint8_t>(sig).first(64)), IsOk());
  EXPECT_THAT(MlDsa65Verify(mldsa_pk, m, Str("cam-hybrid-sig-v1"),
                            std::span<const uint8_t>(sig).subspan(64)),
              IsOk());
  // Ed25519 is deterministic: its part equals a direct signature of M'.
  absl::StatusOr<Ed25519Signature> direct =
      Ed25519Sign(std::span<const uint8_t, 32>(f.seed.data(), 32), m);
  ASSERT_TRUE(direct.ok());
  EXPECT_TRUE(std::equal(direct->begin(), direct->end(), sig.begin()));
}

TEST(HybridSignatureTest, BothComponentsAreRequired) {
  Fixture f = Deterministic();
  const Bytes message = Str("payload");
  HybridSignature sig;
  ASSERT_THAT(HybridSign(sig, f.sk.span(), message, {}), IsOk());
  HybridSignature bad_ed = sig;
  bad_ed[10] ^= 0x01;
  EXPECT_THAT(HybridVerify(f.pk, message, {}, bad_ed), HasReason(kVerifyFailed));
  HybridSignature bad_mldsa = sig;
  bad_mldsa[64 + 10] ^= 0x01;
  EXPECT_THAT(HybridVerify(f.pk, message, {}, bad_mldsa), HasReason(kVerifyFailed));

  // Splicing in a valid component from another key pair fails too.
  HybridSigPublicKey other_pk;
  base::SecureBuffer other_sk;
  ASSERT_THAT(HybridSigKeyGen(other_pk, other_sk), IsOk());
  HybridSignature other;
  ASSERT_THAT(HybridSign(other, other_sk.span(), message, {}), IsOk());
  HybridSignature mixed = sig;
  std::copy(other.begin(), other.begin() + 64, mixed.begin());
  EXPECT_THAT(HybridVerify(f.pk, message, {}, mixed), HasReason(kVerifyFailed));
  mixed = sig;
  std::copy(other.begin() + 64, other.end(), mixed.begin() + 64);
  EXPECT_THAT(HybridVerify(f.pk, message, {}, mixed), HasReason(kVerifyFailed));
}

TEST(HybridSignatureTest, ContextAndMessageBoundaryIsUnambiguous) {
  Fixture f = Deterministic();
  HybridSignature sig;
  ASSERT_THAT(HybridSign(sig, f.sk.span(), Str("bc"), Str("a")), IsOk());
  EXPECT_THAT(HybridVerify(f.pk, Str("c"), Str("ab"), sig), HasReason(kVerifyFailed));
  EXPECT_THAT(HybridVerify(f.pk, Str("abc"), {}, sig), HasReason(kVerifyFailed));
}

TEST(HybridSignatureTest, RejectsMalformedInputs) {
  Fixture f = Deterministic();
  HybridSignature sig;
  const Bytes long_context(256, 0x41);
  EXPECT_THAT(HybridSign(sig, f.sk.span(), {}, long_context), HasReason(kInvalidInput));
  EXPECT_THAT(HybridSign(sig, f.sk.span().first(100), {}, {}), HasReason(kInvalidInput));
  ASSERT_THAT(HybridSign(sig, f.sk.span(), {}, {}), IsOk());
  EXPECT_THAT(HybridVerify(f.pk, {}, long_context, sig), HasReason(kInvalidInput));
  EXPECT_THAT(HybridVerify(std::span<const uint8_t>(f.pk).first(100), {}, {}, sig),
              HasReason(kInvalidInput));
  EXPECT_THAT(HybridVerify(f.pk, {}, {}, std::span<const uint8_t>(sig).first(3000)),
              HasReason(kVerifyFailed));
  const Bytes short_seed(63, 0);
  HybridSigPublicKey pk;
  base::SecureBuffer sk;
  EXPECT_THAT(HybridSigKeyGenFromSeed(pk, sk, short_seed), HasReason(kInvalidInput));
}

}  // namespace
}  // namespace cam::crypto
